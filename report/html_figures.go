package report

import (
	"fmt"
	"slices"
	"strings"
)

// distributionFigures draws a distribution of each loss column and of the
// main per-image metrics, skipping columns without a finite value.
func distributionFigures(run *Run) []figure {
	type column struct {
		key string
		col int
	}
	var columns []column
	for i, key := range run.LossKeys {
		columns = append(columns, column{key, i})
	}
	for _, key := range distributionMetricKeys {
		if i := slices.Index(run.MetricKeys, key); i >= 0 {
			columns = append(columns, column{key, len(run.LossKeys) + i})
		}
	}

	names := make([]string, len(run.Models))
	for i := range run.Models {
		names[i] = run.Models[i].Name
	}
	var figures []figure
	for _, c := range columns {
		values := make([][]float64, len(run.Models))
		any := false
		var undrawn []string
		for i := range run.Models {
			finite, nans, infs := columnValues(&run.Models[i], c.col, nil)
			slices.Sort(finite)
			values[i] = finite
			any = any || len(finite) > 0
			if nans+infs > 0 {
				undrawn = append(undrawn, fmt.Sprintf("%s %d", run.Models[i].Name, nans+infs))
			}
		}
		if !any {
			continue
		}
		title := c.key + directionSuffix(c.key)
		f := figure{Title: title}
		var notes []string
		if len(undrawn) > 0 {
			notes = append(notes, "Undefined or infinite values not drawn: "+strings.Join(undrawn, ", ")+".")
		}
		var err error
		var logScale bool
		if len(run.Models) == 1 {
			f.SVG, logScale, err = histogramFigure(title, c.key, values[0], modelColor(0))
		} else {
			f.SVG, logScale, err = boxPlotFigure(title, c.key, names, values)
		}
		if err != nil {
			f.Error = err.Error()
		}
		if logScale {
			notes = append(notes, logScaleNote)
		}
		f.Note = strings.Join(notes, " ")
		figures = append(figures, f)
	}
	return figures
}

func directionSuffix(key string) string {
	lower, known := Direction(key)
	switch {
	case !known:
		return ""
	case lower:
		return " (lower is better)"
	default:
		return " (higher is better)"
	}
}

// sortedFigure draws the sorted per-image values of the ranking column.
func sortedFigure(run *Run) (*figure, string, string) {
	key, col, _, ok := rankingKey(run)
	if !ok {
		return nil, "", ""
	}

	var lines []sortedLine
	longest := 0
	for i := range run.Models {
		finite, _, _ := columnValues(&run.Models[i], col, nil)
		if len(finite) == 0 {
			continue
		}
		slices.Sort(finite)
		longest = max(longest, len(finite))
		lines = append(lines, sortedLine{model: i, name: run.Models[i].Name, sorted: finite})
	}
	if len(lines) == 0 {
		return nil, "", key
	}

	svg, logScale, err := sortedValuesFigure(key, lines)
	f := &figure{Title: "Per-image " + key + " sorted", SVG: svg}
	if err != nil {
		f.Error = err.Error()
	}
	var notes []string
	if logScale {
		notes = append(notes, logScaleNote)
	}
	if longest > maxLinePoints {
		notes = append(notes, fmt.Sprintf("Each line has at most %d points: past that, each point is the largest value of its block of ranks.", maxLinePoints))
	}
	return f, strings.Join(notes, " "), key
}

// curveFigures draws the PR curve, the F-measure and E-measure curves and
// the other threshold curves that at least one model has.
func curveFigures(run *Run) []figure {
	thresholds := make([]float64, 256)
	for i := range thresholds {
		thresholds[i] = float64(i)
	}
	curve := func(m *Model, key string) []float64 {
		for _, c := range m.Curves {
			if c.Key == key {
				return c.Values
			}
		}
		return nil
	}

	var figures []figure
	add := func(title, xLabel, yLabel string, unitX, legendBottom bool, series []curveSeries) {
		if len(series) == 0 {
			return
		}
		svg, err := curveFigure(title, xLabel, yLabel, series, unitX, legendBottom)
		f := figure{Title: title, SVG: svg}
		if err != nil {
			f.Error = err.Error()
		}
		figures = append(figures, f)
	}

	var pr []curveSeries
	for i := range run.Models {
		m := &run.Models[i]
		p, r := curve(m, "precision"), curve(m, "recall")
		if hasFinitePoint(r, p) {
			pr = append(pr, curveSeries{model: i, name: m.Name, x: r, y: p})
		}
	}
	add("Precision–recall", "recall", "precision", true, true, pr)

	// Threshold curves: F-measure, E-measure, then the handler curves in
	// order of first appearance over the models.
	keys := []string{"fm", "em"}
	for i := range run.Models {
		for _, c := range run.Models[i].Curves {
			if !slices.Contains(keys, c.Key) && c.Key != "precision" && c.Key != "recall" {
				keys = append(keys, c.Key)
			}
		}
	}
	for _, key := range keys {
		var series []curveSeries
		for i := range run.Models {
			m := &run.Models[i]
			if y := curve(m, key); hasFinitePoint(thresholds, y) {
				series = append(series, curveSeries{model: i, name: m.Name, x: thresholds, y: y})
			}
		}
		add(curveTitle(key), "threshold (0–255)", key, false, false, series)
	}
	return figures
}

func curveTitle(key string) string {
	switch key {
	case "fm":
		return "F-measure vs threshold"
	case "em":
		return "E-measure vs threshold"
	}
	return key + " vs threshold" + directionSuffix(key)
}

func hasFinitePoint(x, y []float64) bool {
	for i := range min(len(x), len(y)) {
		if isFinite(x[i]) && isFinite(y[i]) {
			return true
		}
	}
	return false
}
