// Package report renders an evaluation [Run] as per_image.csv, summary.json,
// a self-contained report.html and a short plain-text summary table.
//
// Every writer takes an io.Writer and never prints or logs, and the same
// Run always produces the same bytes. NaN marks an undefined value
// throughout: it is written as NaN in CSV, as null in JSON and as "NaN" in
// the HTML and text tables. The field-by-field description of both files
// is in docs/schema.md at the repository root.
package report
