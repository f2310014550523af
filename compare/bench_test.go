package compare

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/birefloss/birefloss/report"
)

// benchResult builds a result of one model with n images and five columns
// of fixed-seed random values, as Load would return it.
func benchResult(n int, seed uint64) *Result {
	rng := rand.New(rand.NewPCG(seed, 1))
	run := &report.Run{
		Tool:       "birefloss",
		Settings:   testSettings(),
		LossKeys:   []string{"loss_total"},
		MetricKeys: []string{"iou_adp", "iou_mean", "iou_max", "iou_bin"},
		GTCount:    n,
	}
	m := report.Model{Name: "A"}
	for i := range n {
		values := make([]float64, 1+len(run.MetricKeys))
		for j := range values {
			values[j] = rng.Float64()
		}
		m.Rows = append(m.Rows, report.Row{Name: fmt.Sprintf("%06d", i), Values: values})
	}
	run.Models = []report.Model{m}
	s := report.Summarize(run)
	p := &report.PerImage{LossKeys: run.LossKeys, MetricKeys: run.MetricKeys,
		Models: []report.PerImageModel{{Name: "A", Rows: m.Rows}}}
	return &Result{SummaryPath: "summary.json", Summary: s, PerImagePath: "per_image.csv", PerImage: p}
}

func BenchmarkCompare(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("images=%d", n), func(b *testing.B) {
			base, next := benchResult(n, 1), benchResult(n, 2)
			opts := Options{MaxRegress: Thresholds{AnyKey: {Limit: 1}}, MaxImageRegress: Thresholds{AnyKey: {Limit: 0.5}}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Compare(base, next, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
