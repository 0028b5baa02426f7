import { describeZkevmNode } from './zkevm-node-scenario';

describeZkevmNode(3);
