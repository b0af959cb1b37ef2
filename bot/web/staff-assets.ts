import { Router } from 'express';
import { browserFile } from './bundles.js';
import { createAsset, sendAsset } from './static-asset.js';
import { STAFF_CSS_PATH } from './staff-page.js';

// Browsers check back after five minutes, so a new deploy's styles show up soon without versioned names.
const CACHE = 'public, max-age=300';

/** The stylesheet every staff page (sign-in, agent console, editor) links to. */
export function createStaffAssetsRouter(): Router {
  const css = createAsset(browserFile('staff.css'), 'text/css; charset=utf-8', CACHE);
  const router = Router();
  router.get(STAFF_CSS_PATH, (req, res) => sendAsset(req, res, css));
  return router;
}
