import { Controller, Get, HttpCode, Header, Inject, Optional, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotFoundError, NotReadyError } from '../api-errors';
import { findDashboardDir, loadDashboardAssets, type DashboardAsset } from './dashboard-assets';

/** Where the dashboard's build is; tests give their own. */
export const DASHBOARD_DIR = Symbol('DashboardDir');

/** Where the page lives. */
export const DASHBOARD_PATH = '/dashboard';

/**
 * The dashboard page at `/dashboard` and the files its build emitted, served from memory (read once, on the first
 * request); `/` redirects to it. The page runs in the browser on the node's own API and streams.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private assets?: ReadonlyMap<string, DashboardAsset>;

  constructor(@Optional() @Inject(DASHBOARD_DIR) private readonly dir?: string) {}

  // A JSON body beside the Location header: every non-page answer of the API is JSON.
  @Get()
  @HttpCode(302)
  @Header('Location', DASHBOARD_PATH)
  root(): { location: string } {
    return { location: DASHBOARD_PATH };
  }

  @Get('dashboard')
  page(@Res() reply: FastifyReply): void {
    this.send(reply, 'index.html');
  }

  @Get('dashboard/assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    this.send(reply, `assets/${file}`);
  }

  @Get('dashboard/:file')
  file(@Param('file') file: string, @Res() reply: FastifyReply): void {
    this.send(reply, file);
  }

  private send(reply: FastifyReply, name: string): void {
    const asset = this.load().get(name);
    if (!asset) throw new NotFoundError('no such dashboard file', { file: name });
    void reply
      .header('content-type', asset.contentType)
      .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(asset.bytes);
  }

  private load(): ReadonlyMap<string, DashboardAsset> {
    if (this.assets) return this.assets;
    const dir = this.dir ?? findDashboardDir();
    const assets = dir === undefined ? undefined : loadDashboardAssets(dir);
    if (!assets?.has('index.html')) {
      throw new NotReadyError('the dashboard was not built: run `npm run build` (it bundles it into dist/dashboard)', {
        dir: dir ?? null,
      });
    }
    this.assets = assets;
    return assets;
  }
}
