// Parses an iCalendar file with ical.js (a real RFC 5545 parser) and prints its events as JSON.
// Usage: NODE_PATH=tools/test-env/node_modules node parse-ics.cjs feed.ics
const fs = require("fs");
const ICAL = require("ical.js");
const text = fs.readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    start: event.startDate.toString(),
    isDate: event.startDate.isDate,
    stamp: component.getFirstPropertyValue("dtstamp") !== null,
  };
});
process.stdout.write(JSON.stringify({ name: calendar.getFirstPropertyValue("x-wr-calname"), version: calendar.getFirstPropertyValue("version"), events }));
