export { buildBlocks, certifyHeader, demoMembers } from './certified-blocks';
