package report

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testRun returns a small hand-made run with two models. It covers the
// cases the writers must handle: a NaN value, a failed pair, a resized
// pair, missing, extra and ambiguous names, 0/1 masks and warnings. It also
// has dataset scalars and 256-point curves with undefined points.
func testRun() *Run {
	nan := math.NaN()
	curve := func(f func(t float64) float64) []float64 {
		v := make([]float64, 256)
		for t := range v {
			v[t] = f(float64(t))
		}
		return v
	}
	precision := curve(func(t float64) float64 {
		if t >= 250 {
			return nan // no predicted foreground at these thresholds
		}
		return 0.5 + 0.4*t/255
	})
	recall := curve(func(t float64) float64 { return 1 - t/255 })

	// values returns a row's values: three loss components, their total
	// with the DIS5K weights of Settings.Weights, then the six metrics.
	values := func(bce, iou, ssim float64, metrics ...float64) []float64 {
		total := 30*bce + 0.5*iou + 10*ssim
		return append([]float64{bce, iou, ssim, total}, metrics...)
	}
	// Added at run time, so the sum is 0.30000000000000004 and not the
	// exact constant 0.3.
	tenth, fifth := 0.1, 0.2

	return &Run{
		Tool:    "birefloss",
		Version: "0.1.0-test",
		Settings: Settings{
			GTDir:      "data/gt",
			Task:       "DIS5K",
			Weights:    map[string]float64{"bce": 30, "iou": 0.5, "ssim": 10},
			ClsWeights: map[string]float64{"ce": 5},
			Resize:     "bilinear",
			MaxPixels:  256 << 20,
			Losses:     []string{"bce", "iou", "ssim"},
			Metrics:    []string{"mae", "sm", "em", "fm", "wfm", "iou"},
		},
		LossKeys:    []string{"loss_bce", "loss_iou", "loss_ssim", "loss_total"},
		MetricKeys:  []string{"mae", "sm", "em_adp", "fm_adp", "wfm", "iou_bin"},
		GTAmbiguous: []Ambiguous{{Name: "dup", Files: []string{"data/gt/dup.jpg", "data/gt/dup.png"}}},
		GTCount:     5,
		Models: []Model{
			{
				Name:    "ModelA",
				PredDir: "data/pred-a",
				Rows: []Row{
					{Name: "001", GTFile: "data/gt/001.png", PredFile: "data/pred-a/001.png", Height: 480, Width: 640,
						Values: values(tenth+fifth, 0.25, 0.125, 0.05, 0.9, 0.95, 0.85, 0.8, 0.75)},
					{Name: "002", GTFile: "data/gt/002.png", PredFile: "data/pred-a/002.png", Height: 2, Width: 2,
						Values: values(0.5, nan, 0.25, 0.25, nan, 0.5, 0.5, 0.4, 0.3)},
					{Name: "003", GTFile: "data/gt/003.png", PredFile: "data/pred-a/003.png",
						Values: []float64{nan, nan, nan, nan, nan, nan, nan, nan, nan, nan},
						Err:    "decode data/pred-a/003.png: unexpected EOF"},
					{Name: "004", GTFile: "data/gt/004.png", PredFile: "data/pred-a/004.png", Height: 480, Width: 640, Resized: true,
						Values: values(1e-300, 0.5, 0.375, 0.125, 0.7, 0.8, 0.7, 0.6, 0.5)},
				},
				Scalars: []Named{
					{"mae", 0.14166666666666666}, {"sm", 0.8}, {"em_max", 0.9}, {"fm_max", 0.85},
					{"wfm", 0.6}, {"iou_bin", 0.5166666666666667}, {"iou_bin_pooled", 0.55},
				},
				Curves: []Curve{
					{Key: "precision", Values: precision},
					{Key: "recall", Values: recall},
				},
				Missing:  []string{"005"},
				Extra:    []string{"999"},
				Resized:  []Resized{{Name: "004", FromWidth: 320, FromHeight: 240, ToWidth: 640, ToHeight: 480}},
				ZeroOne:  []string{"data/pred-a/004.png"},
				Warnings: []string{"data/gt/002.png: contour loss undefined for an image under 3 pixels"},
			},
			{
				Name:    "ModelB",
				PredDir: "data/pred-b",
				Levels:  []string{"data/pred-b-side1"},
				Rows: []Row{
					{Name: "001", GTFile: "data/gt/001.png", PredFile: "data/pred-b/001.png", Height: 480, Width: 640,
						Values: values(0.2, 0.125, 0.0625, 0.03, 0.95, 0.97, 0.9, 0.88, 0.8)},
					{Name: "002", GTFile: "data/gt/002.png", PredFile: "data/pred-b/002.png", Height: 2, Width: 2,
						Values: values(0.25, 0, 0, 0.01, 1, 1, 1, 1, 1)},
					{Name: "004", GTFile: "data/gt/004.png", PredFile: "data/pred-b/004.png", Height: 480, Width: 640,
						Values: values(0.5, 0.25, 0.25, 0.1, 0.75, 0.85, 0.75, 0.7, 0.6)},
				},
				Scalars: []Named{
					{"mae", 0.04666666666666667}, {"sm", 0.9}, {"em_max", 0.94}, {"fm_max", 0.85},
					{"wfm", 0.86}, {"iou_bin", 0.8}, {"iou_bin_pooled", nan},
				},
				Curves:    []Curve{{Key: "fm", Values: curve(func(t float64) float64 { return 0.9 - 0.3*t/255 })}},
				Ambiguous: []Ambiguous{{Name: "003", Files: []string{"data/pred-b/003.jpg", "data/pred-b/003.png"}}},
				Missing:   []string{"005"},
			},
		},
	}
}

// checkGolden compares got with testdata/name, or rewrites the file under
// -update. On a mismatch it writes got to testdata/name.got and reports a
// line diff.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run go test ./report -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gotPath := path + ".got"
	if err := os.WriteFile(gotPath, got, 0o644); err != nil {
		t.Errorf("write %s: %v", gotPath, err)
	}
	t.Errorf("%s differs from the golden file (output written to %s; run go test ./report -update to accept it):\n%s",
		name, gotPath, lineDiff(string(want), string(got)))
}

// lineDiff returns a unified-style line diff of want and got (lines
// prefixed "-" are only in want, "+" only in got), from their longest
// common subsequence, with at most 40 changed lines.
func lineDiff(want, got string) string {
	a := strings.SplitAfter(want, "\n")
	b := strings.SplitAfter(got, "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}

	var out strings.Builder
	changes := 0
	emit := func(prefix string, line string) {
		changes++
		if changes <= 40 {
			fmt.Fprintf(&out, "%s%s", prefix, strings.TrimSuffix(line, "\n")+"\n")
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i++
			j++
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			emit("+", b[j])
			j++
		default:
			emit("-", a[i])
			i++
		}
	}
	if changes > 40 {
		fmt.Fprintf(&out, "... and %d more changed lines\n", changes-40)
	}
	return out.String()
}
