// Package compare compares two saved birefloss evaluations, a baseline and
// a new run, and decides whether the new run regressed.
//
// A comparison reads each side's summary.json and, when it sits beside the
// summary, per_image.csv. It rejects results computed with different
// settings unless Options.AllowMismatch is set, then computes the change of
// every dataset value (loss means and dataset metrics) and of every
// per-image value of each model. Each change is classified with the key's
// direction (report.Direction: lower is better for losses and error
// metrics, higher for the other metrics) against per-key thresholds. A
// regression is a worsening larger than its threshold, an image or model
// that the baseline evaluated and the new run lacks, or an image whose value
// became undefined (NaN) under a per-image threshold.
//
// The package never prints: Compare returns a Comparison value, and
// WriteText, WriteMarkdown and WriteJSON render it to an io.Writer. The
// JSON layout and the threshold file format are described in
// docs/compare.md at the repository root.
package compare
