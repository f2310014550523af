package report

import (
	"math"
	"strings"
	"testing"
)

func TestDownsampleMax(t *testing.T) {
	sorted := make([]float64, 10)
	for i := range sorted {
		sorted[i] = float64(i * i)
	}

	all := downsampleMax(sorted, 20)
	if len(all) != 10 || all[0].X != 1 || all[9].X != 10 || all[9].Y != 81 {
		t.Errorf("downsampleMax below the limit = %v, want every point with ranks 1..10", all)
	}

	// 10 values into 5 points: the minimum, then the last point of each of
	// 4 blocks of ranks (1-2, 3-5, 6-7, 8-10).
	got := downsampleMax(sorted, 5)
	wantX := []float64{1, 2, 5, 7, 10}
	if len(got) != len(wantX) {
		t.Fatalf("downsampleMax(10 values, 5) has %d points, want 5: %v", len(got), got)
	}
	for i, p := range got {
		if p.X != wantX[i] || p.Y != sorted[int(p.X)-1] {
			t.Errorf("point %d = (%v, %v), want rank %v with its value", i, p.X, p.Y, wantX[i])
		}
	}
}

func TestThinOutliers(t *testing.T) {
	// 1000 sorted outliers: 600 packed into [0, 1), then 400 at 1.5, 2.5,
	// ..., 400.5, so the range is 400.5 and the spacing step about 1.
	sorted := make([]float64, 1000)
	for i := range 600 {
		sorted[i] = float64(i) / 600
	}
	for i := 600; i < 1000; i++ {
		sorted[i] = float64(i-600) + 1.5
	}
	sorted[999] = sorted[998] + 0.5 // too close to the one before to pass the spacing test
	outside := make([]int, 1000)
	for i := range outside {
		outside[i] = i
	}

	kept := thinOutliers(outside, sorted)
	if len(kept) > maxOutliersPerBox+2 {
		t.Errorf("kept %d outliers, want at most %d", len(kept), maxOutliersPerBox+2)
	}
	if kept[0] != 0 {
		t.Errorf("first kept outlier = %d, want the lowest, 0", kept[0])
	}
	if kept[len(kept)-1] != 999 {
		t.Errorf("last kept outlier = %d, want the highest, 999", kept[len(kept)-1])
	}
	for i := 1; i < len(kept)-1; i++ {
		if sorted[kept[i]] <= sorted[kept[i-1]] {
			t.Fatalf("kept outliers not ascending at %d", i)
		}
	}

	few := []int{1, 2, 3}
	if got := thinOutliers(few, sorted); len(got) != 3 {
		t.Errorf("thinOutliers dropped %d of 3 outliers under the limit", 3-len(got))
	}
}

func TestHistogramBins(t *testing.T) {
	values := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	bins := histogramBins(values, false)
	if len(bins) != 10 {
		t.Fatalf("got %d bins for 11 values, want 10 (the minimum)", len(bins))
	}
	total := 0.0
	for _, b := range bins {
		total += b.Weight
	}
	if total != float64(len(values)) {
		t.Errorf("bins hold %v values, want %d", total, len(values))
	}
	if bins[0].Min != 0 || bins[9].Max != 1 {
		t.Errorf("bins span %v..%v, want 0..1", bins[0].Min, bins[9].Max)
	}
	if bins[9].Weight < 1 {
		t.Error("the maximum value is not in the last bin")
	}

	constant := histogramBins([]float64{2, 2, 2}, false)
	if len(constant) != 1 || constant[0].Weight != 3 || !(constant[0].Min < 2 && constant[0].Max > 2) {
		t.Errorf("bins of a constant = %+v, want one bin around 2 with weight 3", constant)
	}

	logBins := histogramBins([]float64{0.001, 0.01, 0.1, 1, 10}, true)
	if logBins[0].Min != 0.001 || logBins[len(logBins)-1].Max != 10 {
		t.Errorf("log bins span %v..%v, want 0.001..10", logBins[0].Min, logBins[len(logBins)-1].Max)
	}
	// 4 decades in 10 bins: each bin is 10^0.4 times wider than the last.
	ratio := (logBins[1].Max - logBins[1].Min) / (logBins[0].Max - logBins[0].Min)
	if math.Abs(ratio-math.Pow(10, 0.4)) > 1e-9 {
		t.Errorf("log bin width ratio = %v, want 10^0.4", ratio)
	}
}

func TestUseLogScale(t *testing.T) {
	tests := []struct {
		lo, median, hi float64
		want           bool
	}{
		{0.5, 7, 195, true},         // lognormal losses
		{1e-4, 0.5, 1, false},       // uniform on [0, 1]
		{0, 1, 100, false},          // zero cannot go on a log axis
		{1e-300, 0.1, 6, false},     // one tiny value would stretch the axis
		{-1, 1, 100, false},         // negative value
		{0.1, 0.1, 0.9999, false},   // upper tail under 10 times the median
		{1e-6, 1, 10, true},         // 6 decades below the median is allowed
		{0.99e-6, 1, 10, false},     // more than 6 is not
		{1, 1, 10, true},            // all values at the minimum but the tail
		{0.3, 0.35, 3.500001, true}, // just past 10 times the median
	}
	for _, tt := range tests {
		if got := useLogScale(tt.lo, tt.median, tt.hi); got != tt.want {
			t.Errorf("useLogScale(%v, %v, %v) = %v, want %v", tt.lo, tt.median, tt.hi, got, tt.want)
		}
	}
}

func TestDecadeTicks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tick := range (decadeTicks{}).Ticks(lo, hi) {
			if tick.Label != "" {
				out = append(out, tick.Label)
			}
		}
		return out
	}
	if got := strings.Join(labels(0.5, 200), " "); got != "0.1 1 10 100 1000" {
		t.Errorf("labels for 0.5..200 = %q, want every decade", got)
	}
	if got := labels(1e-20, 1); len(got) > 6 {
		t.Errorf("labels for 1e-20..1 = %q, want at most 6", got)
	}
	if got := (decadeTicks{}).Ticks(0, 1); got != nil {
		t.Errorf("ticks for a range from 0 = %v, want none", got)
	}
}

func TestInlineSVG(t *testing.T) {
	doc := []byte(`<?xml version="1.0"?>
<!-- Generated by SVGo and Plotinum VG -->
<svg width="10pt" height="5pt" viewBox="0 0 10 5"
	xmlns="http://www.w3.org/2000/svg"
	xmlns:xlink="http://www.w3.org/1999/xlink">
<g><text>a &lt; b</text></g>
</svg>
`)
	got, err := inlineSVG(doc, `x<y "z"`)
	if err != nil {
		t.Fatal(err)
	}
	want := `<svg viewBox="0 0 10 5" role="img" aria-label="x&lt;y &#34;z&#34;"><g><text>a &lt; b</text></g>
</svg>`
	if string(got) != want {
		t.Errorf("inlineSVG =\n%s\nwant\n%s", got, want)
	}

	if _, err := inlineSVG([]byte("<html>"), "x"); err == nil {
		t.Error("inlineSVG accepted a document without <svg>")
	}
}
