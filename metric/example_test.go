package metric_test

import (
	"fmt"

	"github.com/birefloss/birefloss/metric"
)

func ExampleWorkspace_Compute() {
	// A 4×4 GT whose left half is foreground, and a soft prediction.
	gt := []uint8{
		255, 255, 0, 0,
		255, 255, 0, 0,
		255, 255, 0, 0,
		255, 255, 0, 0,
	}
	grey := []uint8{
		250, 230, 40, 0,
		240, 200, 10, 0,
		220, 180, 90, 20,
		255, 120, 30, 0,
	}
	pred := make([]float64, len(grey))
	for i, v := range grey {
		pred[i] = float64(v) / 255
	}

	s, err := metric.ParseSet("mae,sm,fm,iou")
	if err != nil {
		fmt.Println(err)
		return
	}
	var ws metric.Workspace
	img := ws.Compute(gt, pred, 4, 4, s)
	// The adaptive threshold 2·mean(p) = 0.924 selects 250, 240 and 255 only:
	// IoU 3/8. The binary mode (p > 0.5) misses only the 120: IoU 7/8.
	for i, v := range img.Values(s) {
		fmt.Printf("%-8s %.4f\n", s.Keys()[i], v)
	}
	// Output:
	// mae      0.1311
	// sm       0.7983
	// fm_adp   0.7222
	// fm_mean  0.8738
	// fm_max   1.0000
	// iou_adp  0.3750
	// iou_mean 0.7614
	// iou_max  1.0000
	// iou_bin  0.8750
}

func ExampleAccumulator() {
	// Two 2×2 predictions of a GT whose only foreground pixel is the first.
	gt := []uint8{255, 0, 0, 0}
	s, err := metric.ParseSet("fm")
	if err != nil {
		fmt.Println(err)
		return
	}
	var ws metric.Workspace
	acc := metric.NewAccumulator(s)
	acc.Add(ws.Compute(gt, []float64{1, 0.2, 0, 0}, 2, 2, s))
	acc.Add(ws.Compute(gt, []float64{0.6, 0.8, 0, 0}, 2, 2, s))
	d := acc.Result()
	for _, v := range d.Scalars {
		fmt.Printf("%s %.4f\n", v.Key, v.Value)
	}
	// The first image reaches F = 1 adaptively, the second selects only a
	// background pixel. fm_max is the maximum of the mean F curve.

	// Output:
	// fm_adp 0.5000
	// fm_mean 0.6668
	// fm_max 0.7826
}
