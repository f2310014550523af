package report

import (
	"math"
	"slices"
	"testing"
)

// rankRun returns a run whose only model has the given values in one
// column named key: a loss column for loss_total, else a metric column.
// The rows listed in failed have an error.
func rankRun(key string, values []float64, failed ...int) (*Run, *Model) {
	run := &Run{}
	if key == "loss_total" {
		run.LossKeys = []string{"loss_bce", key}
	} else {
		run.MetricKeys = []string{"wfm", key}
	}
	m := Model{Name: "m"}
	for i, v := range values {
		row := Row{Name: string(rune('a' + i)), Values: []float64{0, v}}
		if slices.Contains(failed, i) {
			row.Err = "failed"
		}
		m.Rows = append(m.Rows, row)
	}
	run.Models = []Model{m}
	return run, &run.Models[0]
}

func TestWorstRows(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name   string
		key    string
		values []float64
		failed []int
		k      int
		want   []int
	}{
		{"total descending", "loss_total", []float64{1, 3, 2}, nil, 3, []int{1, 2, 0}},
		{"k cuts", "loss_total", []float64{1, 3, 2}, nil, 2, []int{1, 2}},
		{"k above rows", "loss_total", []float64{1, 3}, nil, 10, []int{1, 0}},
		{"ties keep row order", "loss_total", []float64{2, 5, 2, 5}, nil, 4, []int{1, 3, 0, 2}},
		{"NaN ranks last", "loss_total", []float64{nan, 1, nan, 2}, nil, 4, []int{3, 1, 0, 2}},
		{"NaN left out by k", "loss_total", []float64{nan, 1, 2}, nil, 2, []int{2, 1}},
		{"Inf ranks first", "loss_total", []float64{1, inf, 2}, nil, 3, []int{1, 2, 0}},
		{"failed rows skipped", "loss_total", []float64{9, 1, nan}, []int{0, 2}, 3, []int{1}},
		{"mae descending", "mae", []float64{0.1, 0.3, 0.2}, nil, 3, []int{1, 2, 0}},
		{"sm ascending", "sm", []float64{0.9, 0.5, 0.7, nan}, nil, 4, []int{1, 2, 0, 3}},
		{"k zero", "loss_total", []float64{1, 2}, nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, m := rankRun(tt.key, tt.values, tt.failed...)
			got := WorstRows(m, run, tt.k)
			if !slices.Equal(got, tt.want) {
				t.Errorf("WorstRows = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWorstRowsKeyPriority(t *testing.T) {
	run := &Run{
		LossKeys:   []string{"loss_total"},
		MetricKeys: []string{"mae", "sm"},
		Models: []Model{{Rows: []Row{
			{Name: "a", Values: []float64{5, 0.1, 0.1}},
			{Name: "b", Values: []float64{1, 0.9, 0.9}},
		}}},
	}
	if got := WorstRows(&run.Models[0], run, 1); !slices.Equal(got, []int{0}) {
		t.Errorf("with loss_total: WorstRows = %v, want [0] (highest loss_total)", got)
	}

	run.LossKeys = nil
	for i := range run.Models[0].Rows {
		run.Models[0].Rows[i].Values = run.Models[0].Rows[i].Values[1:]
	}
	if got := WorstRows(&run.Models[0], run, 1); !slices.Equal(got, []int{1}) {
		t.Errorf("with mae and sm: WorstRows = %v, want [1] (highest mae)", got)
	}
}

func TestWorstRowsNoRankingColumn(t *testing.T) {
	run := &Run{MetricKeys: []string{"wfm"}, Models: []Model{{Rows: []Row{{Values: []float64{1}}}}}}
	if got := WorstRows(&run.Models[0], run, 5); got != nil {
		t.Errorf("WorstRows = %v, want nil without loss_total, mae or sm", got)
	}
}
