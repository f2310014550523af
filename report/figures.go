package report

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// figureSpec is one plot of the report before it is drawn. report.html
// draws each spec inline as SVG and RenderPlots draws it as a file, so the
// HTML figures and the plot files come from the same builders.
type figureSpec struct {
	name  string // file stem: "distribution-KEY", "sorted-KEY" or "curve-KEY"
	title string // plot title, also the aria-label of the inline SVG

	// width and height are the size in report.html. Plot files take their
	// size from PlotOptions instead.
	width, height vg.Length

	// build returns the plot and whether its value axis is logarithmic.
	build func() (p *plot.Plot, logScale bool, err error)

	// caption returns the note under the figure in report.html, given the
	// logScale result of build. A nil caption means no note.
	caption func(logScale bool) string
}

// figureSpecs lists the plots of run in report order: the distributions,
// the sorted per-image values, then the metric curves.
func figureSpecs(run *Run) []figureSpec {
	specs := distributionSpecs(run)
	if s, ok := sortedSpec(run); ok {
		specs = append(specs, s)
	}
	return append(specs, curveSpecs(run)...)
}

// distributionSpecs lists a distribution plot of each loss column and of
// the main per-image metrics: a histogram for one model, box plots for
// several. Columns without a finite value get no plot.
func distributionSpecs(run *Run) []figureSpec {
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
	var specs []figureSpec
	for _, c := range columns {
		values := make([][]float64, len(run.Models))
		anyFinite := false
		var undrawn []string
		for i := range run.Models {
			finite, nans, infs := columnValues(&run.Models[i], c.col, nil)
			slices.Sort(finite)
			values[i] = finite
			anyFinite = anyFinite || len(finite) > 0
			if nans+infs > 0 {
				undrawn = append(undrawn, fmt.Sprintf("%s %d", run.Models[i].Name, nans+infs))
			}
		}
		if !anyFinite {
			continue
		}

		title := c.key + directionSuffix(c.key)
		build := func() (*plot.Plot, bool, error) { return buildBoxPlot(title, c.key, names, values) }
		if len(run.Models) == 1 {
			build = func() (*plot.Plot, bool, error) { return buildHistogram(title, c.key, values[0], modelColor(0)) }
		}
		caption := func(logScale bool) string {
			var notes []string
			if len(undrawn) > 0 {
				notes = append(notes, "Undefined or infinite values not drawn: "+strings.Join(undrawn, ", ")+".")
			}
			if logScale {
				notes = append(notes, logScaleNote)
			}
			return strings.Join(notes, " ")
		}
		specs = append(specs, figureSpec{
			name:    "distribution-" + c.key,
			title:   title,
			width:   smallPlotWidth,
			height:  smallPlotHeight,
			build:   build,
			caption: caption,
		})
	}
	return specs
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

// sortedSpec returns the plot of each model's sorted per-image values of
// the ranking column. It returns false when the run has no ranking column
// or no finite value in it.
func sortedSpec(run *Run) (figureSpec, bool) {
	key, col, _, ok := rankingKey(run)
	if !ok {
		return figureSpec{}, false
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
		return figureSpec{}, false
	}

	title := fmt.Sprintf("Per-image %s, sorted ascending", key)
	caption := func(logScale bool) string {
		var notes []string
		if logScale {
			notes = append(notes, logScaleNote)
		}
		if longest > maxLinePoints {
			notes = append(notes, fmt.Sprintf("Each line has at most %d points: past that, each point is the largest value of its block of ranks.", maxLinePoints))
		}
		return strings.Join(notes, " ")
	}
	return figureSpec{
		name:    "sorted-" + key,
		title:   title,
		width:   widePlotWidth,
		height:  widePlotHeight,
		build:   func() (*plot.Plot, bool, error) { return buildSortedValues(title, key, lines) },
		caption: caption,
	}, true
}

// curveSpecs lists the PR curve, the F-measure and E-measure curves and
// the other threshold curves that at least one model has.
func curveSpecs(run *Run) []figureSpec {
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

	var specs []figureSpec
	add := func(name, title, xLabel, yLabel string, unitX, legendBottom bool, series []curveSeries) {
		if len(series) == 0 {
			return
		}
		build := func() (*plot.Plot, bool, error) {
			p, err := buildCurves(title, xLabel, yLabel, series, unitX, legendBottom)
			return p, false, err
		}
		specs = append(specs, figureSpec{
			name:   name,
			title:  title,
			width:  smallPlotWidth,
			height: smallPlotHeight,
			build:  build,
		})
	}

	var pr []curveSeries
	for i := range run.Models {
		m := &run.Models[i]
		p, r := curve(m, "precision"), curve(m, "recall")
		if hasFinitePoint(r, p) {
			pr = append(pr, curveSeries{model: i, name: m.Name, x: r, y: p})
		}
	}
	add("curve-pr", "Precision–recall", "recall", "precision", true, true, pr)

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
		add("curve-"+key, curveTitle(key), "threshold (0–255)", key, false, false, series)
	}
	return specs
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
