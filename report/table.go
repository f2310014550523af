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
	Best   []bool // all false unless at least two models have different finite values
	// Undefined describes per model the values left out of a mean ("1 NaN"),
	// empty when none were.
	Undefined []string
}

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
		r.Best = bestValues(key, r.Values)
		rows = append(rows, r)
	}
	return rows
}

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
	for _, key := range keys {
		r := summaryRow{Key: key, Label: key}
		present := false
		for mi := range run.Models {
			v, ok := scalar(&run.Models[mi], key)
			present = present || ok
			r.Values = append(r.Values, v)
		}
		if present {
			r.Best = bestValues(key, r.Values)
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
// fm_max, fm_mean, fm_adp, hce, auc_pr, auc_roc). With several models a
// trailing '*' marks the best value of each loss or metric row, explained
// by a footnote. Values have 4 significant digits.
func WriteTable(w io.Writer, run *Run) error {
	// tabwriter writes into a bytes.Buffer, which never fails, so the only
	// error to check is the final write to w.
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

	marked := false
	for _, r := range append(lossRows(run), metricRows(run, mainMetricKeys)...) {
		cells = append(cells[:0], r.Label)
		for i, v := range r.Values {
			text := formatValue(v, 4)
			if r.Best[i] {
				text += "*"
				marked = true
			}
			cells = append(cells, text)
		}
		writeTableLine(tw, cells)
	}

	tw.Flush()
	if marked {
		buf.WriteString("* best value of the row\n")
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
