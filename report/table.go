package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// mainMetricKeys are the dataset metrics of the short summaries, in display
// order: the measures papers in salient object detection and dichotomous
// image segmentation usually report.
var mainMetricKeys = []string{
	"sm", "wfm", "mae", "em_max", "em_mean", "em_adp", "fm_max", "fm_mean", "fm_adp",
	"hce", "auc_pr", "auc_roc",
}

// summaryRow is one row of a summary table: a label and one value per
// model, with the models that hold the best value.
type summaryRow struct {
	Key    string
	Label  string
	Values []float64
	// Best is all false unless at least two models have different finite
	// values, and also when OverDifferentImages is set.
	Best []bool
	// Undefined describes per model the values left out of a mean ("1 NaN"),
	// empty when none were.
	Undefined []string
	// OverDifferentImages is set when the models' values are taken over
	// different sets of images (see comparableValues), so that no best
	// value is marked.
	OverDifferentImages bool
}

// The rule for best-value marks: a row compares models only when each
// value is taken over the same images. A dataset metric row needs every
// model to have evaluated (without error) the same image names. A loss
// row is a mean over the finite values of its column, so it needs the
// same image names to have a finite value in that column. Then a
// loss_total that is NaN for most images of one model is never marked as
// best against a mean over all images of another. Rows that fail the rule
// keep their values but mark nothing, and the writers explain why.

// lossRows returns the mean of each loss column per model.
func lossRows(run *Run) []summaryRow {
	rows := make([]summaryRow, 0, len(run.LossKeys))
	for col, key := range run.LossKeys {
		r := summaryRow{Key: key, Label: key + " (mean)"}
		for mi := range run.Models {
			st := columnStats(&run.Models[mi], col)
			r.Values = append(r.Values, float64(st.Mean))
			r.Undefined = append(r.Undefined, undefinedNote(st))
		}
		r.OverDifferentImages = !sameImageSets(run, func(m *Model) []string { return finiteNames(m, col) })
		r.Best = comparableBest(key, r.Values, r.OverDifferentImages)
		rows = append(rows, r)
	}
	return rows
}

// comparableBest returns bestValues(key, values), or no mark when the
// values are over different images.
func comparableBest(key string, values []float64, overDifferentImages bool) []bool {
	if overDifferentImages {
		return make([]bool, len(values))
	}
	return bestValues(key, values)
}

// evaluatedNames returns the sorted names of the rows of m without Err.
func evaluatedNames(m *Model) []string {
	var names []string
	for i := range m.Rows {
		if m.Rows[i].Err == "" {
			names = append(names, m.Rows[i].Name)
		}
	}
	slices.Sort(names)
	return names
}

// finiteNames returns the sorted names of the rows of m without Err whose
// value in column col is finite.
func finiteNames(m *Model, col int) []string {
	var names []string
	for i := range m.Rows {
		row := &m.Rows[i]
		if row.Err == "" && col < len(row.Values) && isFinite(row.Values[col]) {
			names = append(names, row.Name)
		}
	}
	slices.Sort(names)
	return names
}

// sameImageSets reports whether names returns the same list for every
// model of run.
func sameImageSets(run *Run, names func(m *Model) []string) bool {
	if len(run.Models) < 2 {
		return true
	}
	first := names(&run.Models[0])
	for mi := 1; mi < len(run.Models); mi++ {
		if !slices.Equal(first, names(&run.Models[mi])) {
			return false
		}
	}
	return true
}

// differentImagesNote returns a note saying that the models were not
// evaluated on the same images, with each model's count of images
// evaluated without error. It returns "" when they were, and for a run of
// one model.
func differentImagesNote(run *Run) string {
	if sameImageSets(run, evaluatedNames) {
		return ""
	}
	counts := make([]string, len(run.Models))
	for mi := range run.Models {
		evaluated, _ := modelCounts(&run.Models[mi])
		counts[mi] = fmt.Sprintf("%s %d", run.Models[mi].Name, evaluated)
	}
	return fmt.Sprintf("The models were not evaluated on the same images (images evaluated: %s), "+
		"so their means, dataset metrics and ranks are over different images and no best value is marked.",
		strings.Join(counts, ", "))
}

// mixedUndefinedNote explains rows that mark no best value because their
// means leave out undefined values of different images.
const mixedUndefinedNote = "A loss row whose means leave out NaN or Inf values of different images marks no best value."

// undefinedNote returns how many values of st were left out of its mean.
func undefinedNote(st Stats) string {
	var parts []string
	if st.NaN > 0 {
		parts = append(parts, fmt.Sprintf("%d NaN", st.NaN))
	}
	if st.Inf > 0 {
		parts = append(parts, fmt.Sprintf("%d Inf", st.Inf))
	}
	return strings.Join(parts, ", ")
}

// metricRows returns the dataset value per model of each metric in keys
// that at least one model has.
func metricRows(run *Run, keys []string) []summaryRow {
	var rows []summaryRow
	sameEvaluated := sameImageSets(run, evaluatedNames)
	for _, key := range keys {
		r := summaryRow{Key: key, Label: key}
		present := false
		for mi := range run.Models {
			v, ok := scalar(&run.Models[mi], key)
			present = present || ok
			r.Values = append(r.Values, v)
		}
		if present {
			r.OverDifferentImages = !sameEvaluated
			r.Best = comparableBest(key, r.Values, r.OverDifferentImages)
			rows = append(rows, r)
		}
	}
	return rows
}

// scalar returns the dataset value of key for m, or NaN and false.
func scalar(m *Model, key string) (float64, bool) {
	for _, s := range m.Scalars {
		if s.Key == key {
			return s.Value, true
		}
	}
	return math.NaN(), false
}

// bestValues marks the values equal to the best one in the direction of
// key. Nothing is marked when key has no known direction, when fewer than
// two values are finite, or when all finite values are equal, because a
// mark would then compare nothing.
func bestValues(key string, values []float64) []bool {
	best := make([]bool, len(values))
	lower, known := Direction(key)
	if !known {
		return best
	}
	var finite []float64
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite = append(finite, v)
		}
	}
	if len(finite) < 2 || slices.Min(finite) == slices.Max(finite) {
		return best
	}
	target := slices.Max(finite)
	if lower {
		target = slices.Min(finite)
	}
	for i, v := range values {
		best[i] = v == target
	}
	return best
}

// modelCounts returns the number of evaluated and failed rows of m.
func modelCounts(m *Model) (evaluated, failed int) {
	for i := range m.Rows {
		if m.Rows[i].Err == "" {
			evaluated++
		} else {
			failed++
		}
	}
	return evaluated, failed
}

// WriteTable writes the short plain-text summary for a terminal, with one
// column per model. Its rows are the number of images evaluated, failed
// and missing, the mean of each loss column, and the dataset value of the
// main metrics that are present (sm, wfm, mae, em_max, em_mean, em_adp,
// fm_max, fm_mean, fm_adp, hce, auc_pr, auc_roc). A loss mean that leaves
// out NaN or Inf values is followed by their count, as in "3.919 (298 NaN)".
// With several models a trailing '*' marks the best value of each loss or
// metric row whose values are over the same images (see lossRows), and a
// note under the table explains rows and runs where they are not. Values
// have 4 significant digits.
func WriteTable(w io.Writer, run *Run) error {
	// tabwriter writes into a bytes.Buffer, whose Write always returns a nil
	// error, so the only error to check is the final write to w.
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)

	cells := []string{""}
	for _, m := range run.Models {
		cells = append(cells, m.Name)
	}
	writeTableLine(tw, cells)

	type countRow struct {
		label string
		count func(m *Model) int
	}
	counts := []countRow{
		{"images evaluated", func(m *Model) int { e, _ := modelCounts(m); return e }},
		{"images failed", func(m *Model) int { _, f := modelCounts(m); return f }},
		{"images missing", func(m *Model) int { return len(m.Missing) }},
	}
	for _, c := range counts {
		cells = append(cells[:0], c.label)
		for mi := range run.Models {
			cells = append(cells, strconv.Itoa(c.count(&run.Models[mi])))
		}
		writeTableLine(tw, cells)
	}

	marked, mixedUndefined := false, false
	for _, r := range append(lossRows(run), metricRows(run, mainMetricKeys)...) {
		cells = append(cells[:0], r.Label)
		for i, v := range r.Values {
			text := formatValue(v, 4)
			if r.Best[i] {
				text += "*"
				marked = true
			}
			if i < len(r.Undefined) && r.Undefined[i] != "" {
				text += " (" + r.Undefined[i] + ")"
			}
			cells = append(cells, text)
		}
		writeTableLine(tw, cells)
		mixedUndefined = mixedUndefined || r.OverDifferentImages
	}

	tw.Flush()
	if marked {
		buf.WriteString("* best value of the row\n")
	}
	if note := differentImagesNote(run); note != "" {
		buf.WriteString("Note: " + note + "\n")
	} else if mixedUndefined {
		buf.WriteString("Note: " + mixedUndefinedNote + "\n")
	}
	if err := WriteComparisonTable(&buf, run); err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write summary table: %w", err)
	}
	return nil
}

func writeTableLine(tw *tabwriter.Writer, cells []string) {
	tw.Write([]byte(strings.Join(cells, "\t") + "\n"))
}

// formatValue formats v with the given number of significant digits
// (-1 for the shortest exact form), NaN as "NaN" and negative zero as "0".
func formatValue(v float64, digits int) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(positiveZero(v), 'g', digits, 64)
}

// positiveZero returns v with negative zero replaced by positive zero.
// Losses such as loss_bce on an empty mask can come out as -0, which
// strconv and encoding/json would write as "-0". The two compare equal,
// so nothing is lost.
func positiveZero(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}
