// One-off conversion, run by hand (not at build or run time):
//   cd tools/map && npm ci && node convert.mjs
// Reads Natural Earth's 110m land (npm world-atlas 2.0.2, public domain) and writes the outline
// the server projects into an inline SVG: src/TwinningCloud.Web/Resources/world-land.json,
// an array of rings, each a flat array [lon0, lat0, lon1, lat1, …] in degrees rounded to 0.1°.
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";

const topology = JSON.parse(readFileSync(new URL("./node_modules/world-atlas/land-110m.json", import.meta.url)));
const land = feature(topology, topology.objects.land);
const round = (v) => Math.round(v * 10) / 10;
const rings = [];
for (const f of land.features) {
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const flat = [];
      let last = null;
      for (const [lon, lat] of ring) {
        const p = [round(lon), round(lat)];
        if (last && last[0] === p[0] && last[1] === p[1]) continue;
        flat.push(p[0], p[1]);
        last = p;
      }
      if (flat.length >= 8) rings.push(flat);
    }
  }
}
const out = new URL("../../src/TwinningCloud.Web/Resources/world-land.json", import.meta.url);
writeFileSync(out, JSON.stringify(rings) + "\n");
console.log(`${rings.length} rings, ${rings.reduce((n, r) => n + r.length / 2, 0)} points`);
