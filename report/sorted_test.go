package report

import (
	"regexp"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestSortedValuesSinglePoint checks that a model with one evaluated image
// still shows a mark in the sorted per-image plot. A line through one point
// draws nothing, so the plot adds a dot, which vgsvg writes as a closed
// path of arcs.
func TestSortedValuesSinglePoint(t *testing.T) {
	render := func(values []float64) string {
		t.Helper()
		p, _, err := buildSortedValues("title", "loss_total", []sortedLine{{model: 0, name: "A", sorted: values}})
		if err != nil {
			t.Fatal(err)
		}
		svg, err := renderSVG(p, 4*vg.Inch, 3*vg.Inch, "sorted")
		if err != nil {
			t.Fatal(err)
		}
		return string(svg)
	}
	// vgsvg writes a circle glyph as a path of two arcs ("A" commands); the
	// axes, ticks and lines have none.
	hasArc := func(svg string) bool { return regexp.MustCompile(`d="M[^"]*A[0-9]`).MatchString(svg) }
	if !hasArc(render([]float64{2.5})) {
		t.Error("the plot of one value has no dot")
	}
	if hasArc(render([]float64{1, 2})) {
		t.Error("the plot of two values has a dot, but its line is visible")
	}
}
