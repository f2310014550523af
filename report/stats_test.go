package report

import (
	"math"
	"testing"
)

func TestComputeStats(t *testing.T) {
	tests := []struct {
		name                        string
		values                      []float64
		mean, median, std, min, max float64
	}{
		// Population std of 1, 2, 3, 4: sqrt(((1.5²+0.5²)·2)/4) = sqrt(1.25).
		{"even count", []float64{4, 1, 3, 2}, 2.5, 2.5, math.Sqrt(1.25), 1, 4},
		{"odd count", []float64{5, 1, 3}, 3, 3, math.Sqrt(8.0 / 3), 1, 5},
		{"one value", []float64{7}, 7, 7, 0, 7, 7},
		{"equal values", []float64{0.1, 0.1, 0.1}, 0.1, 0.1, 0, 0.1, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := computeStats(tt.values, 2, 1)
			const tol = 1e-15
			check := func(name string, got Float, want float64) {
				t.Helper()
				if math.Abs(float64(got)-want) > tol {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			check("mean", s.Mean, tt.mean)
			check("median", s.Median, tt.median)
			check("std", s.Std, tt.std)
			check("min", s.Min, tt.min)
			check("max", s.Max, tt.max)
			if s.Count != len(tt.values) || s.NaN != 2 || s.Inf != 1 {
				t.Errorf("count, nan, inf = %d, %d, %d, want %d, 2, 1", s.Count, s.NaN, s.Inf, len(tt.values))
			}
		})
	}
}

func TestComputeStatsNoValues(t *testing.T) {
	s := computeStats(nil, 3, 0)
	for name, v := range map[string]Float{"mean": s.Mean, "median": s.Median, "std": s.Std, "min": s.Min, "max": s.Max} {
		if !math.IsNaN(float64(v)) {
			t.Errorf("%s = %v, want NaN", name, v)
		}
	}
	if s.Count != 0 || s.NaN != 3 {
		t.Errorf("count, nan = %d, %d, want 0, 3", s.Count, s.NaN)
	}
}

func TestColumnValuesSkipsFailedRows(t *testing.T) {
	m := &Model{Rows: []Row{
		{Values: []float64{1}},
		{Values: []float64{math.NaN()}, Err: "failed"},
		{Values: []float64{math.Inf(-1)}},
		{Values: []float64{math.NaN()}},
		{Values: []float64{3}},
	}}
	finite, nans, infs := columnValues(m, 0, nil)
	if len(finite) != 2 || finite[0] != 1 || finite[1] != 3 || nans != 1 || infs != 1 {
		t.Errorf("columnValues = %v, %d NaN, %d Inf; want [1 3], 1, 1", finite, nans, infs)
	}
}
