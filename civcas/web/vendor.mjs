// Copies the files the pages use from node_modules into civcas/web/static/vendor (run by
// `npm ci` as postinstall), so the web server ships them itself: no CDN, works offline, and a
// built wheel carries them.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "civcas", "web", "static", "vendor");
const files = {
  "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
  "leaflet/dist/images": "leaflet/images",
  "leaflet/LICENSE": "leaflet/LICENSE",
  "leaflet.markercluster/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
  "leaflet.markercluster/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
  "leaflet.markercluster/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
  "leaflet.markercluster/MIT-LICENCE.txt": "markercluster/MIT-LICENCE.txt",
  "topojson-client/dist/topojson-client.min.js": "topojson/topojson-client.min.js",
  "topojson-client/LICENSE": "topojson/LICENSE",
  "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
  "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
  "world-atlas/LICENSE": "world-atlas/LICENSE",
};
rmSync(out, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(join(root, "node_modules", from), join(out, to), { recursive: true });
}
console.log(`civcas: ${Object.keys(files).length} front-end files copied to ${out}`);
