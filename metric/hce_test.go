package metric

import (
	"math"
	"strings"
	"testing"
)

// hceOf computes the HCE of one pair in the given mode.
func hceOf(gt, pred []uint8, width, height int, mode HCEMode) float64 {
	var ws Workspace
	s, err := ParseSet("hce")
	if err != nil {
		panic(err)
	}
	s = s.WithHCEMode(mode)
	return ws.Compute(gt, toPred(pred), width, height, s).Values(s)[0]
}

func TestHCEHandValues(t *testing.T) {
	// Expected values: PySODMetrics 1.6.2 HCEMeasure on these inputs
	// (48×64 unless a size is given).
	softEdge := func(i, j int) int {
		d2 := (j-30)*(j-30) + (i-22)*(i-22)
		switch {
		case d2 <= 100:
			return 255
		case d2 <= 144 && (i+j)%2 == 0:
			return 129
		case d2 <= 144:
			return 128
		}
		return 0
	}
	tests := []struct {
		name          string
		width, height int
		gt, pred      func(i, j int) int
		want          float64
	}{
		{name: "disc vs blob", gt: diskGT, pred: blobPred, want: 0},
		{name: "disc vs constant 128", gt: diskGT, pred: constant(128), want: 9},
		{name: "disc vs constant 0", gt: diskGT, pred: constant(0), want: 7},
		{name: "disc vs itself", gt: diskGT, pred: diskGT, want: 0},
		{name: "disc vs inverse", gt: diskGT, pred: func(i, j int) int { return 255 - diskGT(i, j) }, want: 10},
		{name: "disc vs low-contrast blob", gt: diskGT,
			pred: func(i, j int) int { return 40 + 160*max(0, min(255, blobPred(i, j)))/255 }, want: 0},
		{name: "empty GT vs constant 0", gt: constant(0), pred: constant(0), want: 0},
		{name: "empty GT vs blob", gt: constant(0), pred: blobPred, want: 1},
		{name: "full GT vs column ramp", gt: constant(255), pred: func(i, j int) int { return 4 * j }, want: 1},
		{name: "soft GT edge vs blob", gt: softEdge, pred: blobPred, want: 17},
		{name: "one-pixel GT",
			gt: func(i, j int) int { return 255 * b2i(i == 7 && j == 10) },
			pred: func(i, j int) int {
				return max(255-255*((j-10)*(j-10)+(i-7)*(i-7))/16, 0)
			}, want: 0},
		{name: "3x3 centre", width: 3, height: 3,
			gt:   func(i, j int) int { return 255 * b2i(i == 1 && j == 1) },
			pred: func(i, j int) int { return [3][3]int{{0, 64, 0}, {64, 255, 64}, {0, 64, 0}}[i][j] }, want: 0},
		{name: "2x2 corner", width: 2, height: 2,
			gt:   func(i, j int) int { return 255 * b2i(i == 0 && j == 0) },
			pred: func(i, j int) int { return [2][2]int{{200, 10}, {30, 0}}[i][j] }, want: 0},
		{name: "GT on last row",
			gt:   func(i, j int) int { return 255 * b2i(i == 47) },
			pred: func(i, j int) int { return 255 - 6*(47-i) + (7*j+13*i)%21 - 10 }, want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			width, height := tt.width, tt.height
			if width == 0 {
				width, height = handWidth, handHeight
			}
			gt := buildMask(width, height, tt.gt)
			pred := buildMask(width, height, tt.pred)
			if got := hceOf(gt, pred, width, height, HCEPySOD); got != tt.want {
				t.Errorf("HCE = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHCEModesDiffer(t *testing.T) {
	tests := []struct {
		name          string
		width, height int
		gt, pred      func(i, j int) int
		pysod, dis    float64
	}{
		// PySODMetrics 1.6.2 and BiRefNet's evaluator: constant 128 is
		// foreground for p > 0.5 but background for P > 128.
		{name: "disc vs constant 128", width: handWidth, height: handHeight,
			gt: diskGT, pred: constant(128), pysod: 9, dis: 7},
		// A false positive covering the whole image: 1 region in
		// PySODMetrics, 0 in the DIS script.
		{name: "whole-image false positive", width: 16, height: 16,
			gt: constant(0), pred: constant(255), pysod: 1, dis: 0},
		{name: "whole-image false negative", width: 16, height: 16,
			gt: constant(255), pred: constant(0), pysod: 1, dis: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gt := buildMask(tt.width, tt.height, tt.gt)
			pred := buildMask(tt.width, tt.height, tt.pred)
			if got := hceOf(gt, pred, tt.width, tt.height, HCEPySOD); got != tt.pysod {
				t.Errorf("pysodmetrics mode: HCE = %v, want %v", got, tt.pysod)
			}
			if got := hceOf(gt, pred, tt.width, tt.height, HCEDIS); got != tt.dis {
				t.Errorf("dis mode: HCE = %v, want %v", got, tt.dis)
			}
		})
	}
}

// In DIS mode the prediction counts only through P > 128, so it must give
// the PySODMetrics count of the 0/255 mask P > 128, whose stretch is the
// identity, whenever no error region covers the whole image.
func TestHCEDISMatchesBinarisedPrediction(t *testing.T) {
	preds := map[string]func(i, j int) int{
		"blob":              blobPred,
		"low-contrast blob": func(i, j int) int { return 40 + 160*max(0, min(255, blobPred(i, j)))/255 },
		"ramp":              func(i, j int) int { return 4 * j },
		"stripes":           func(i, j int) int { return 120 + 10*((i/3+j/5)%2) },
	}
	for name, f := range preds {
		t.Run(name, func(t *testing.T) {
			gt := buildMask(handWidth, handHeight, diskGT)
			pred := buildMask(handWidth, handHeight, f)
			binary := make([]uint8, len(pred))
			for i, v := range pred {
				binary[i] = 255 * uint8(b2i(v > 128))
			}
			dis := hceOf(gt, pred, handWidth, handHeight, HCEDIS)
			pysod := hceOf(gt, binary, handWidth, handHeight, HCEPySOD)
			if dis != pysod {
				t.Errorf("dis mode HCE = %v, pysodmetrics mode on P > 128 = %v", dis, pysod)
			}
		})
	}
}

func TestParseHCEMode(t *testing.T) {
	for _, m := range []HCEMode{HCEDIS, HCEPySOD} {
		got, err := ParseHCEMode(m.String())
		if err != nil {
			t.Fatal(err)
		}
		if got != m {
			t.Errorf("ParseHCEMode(%q) = %v, want %v", m.String(), got, m)
		}
	}
	for _, s := range []string{"", "DIS", "pysod", "birefnet"} {
		_, err := ParseHCEMode(s)
		if err == nil {
			t.Errorf("ParseHCEMode(%q) returned no error", s)
			continue
		}
		if !strings.Contains(err.Error(), "dis and pysodmetrics") {
			t.Errorf("error %q does not list the valid modes", err)
		}
	}
}

func TestHCEModeDefaultIsDIS(t *testing.T) {
	s, err := ParseSet("hce")
	if err != nil {
		t.Fatal(err)
	}
	if s.HCEMode() != HCEDIS {
		t.Errorf("ParseSet mode = %v, want dis", s.HCEMode())
	}
	if got := s.WithHCEMode(HCEPySOD).HCEMode(); got != HCEPySOD {
		t.Errorf("WithHCEMode(HCEPySOD).HCEMode() = %v", got)
	}
	if got := (Set{}).HCEMode(); got != HCEDIS {
		t.Errorf("zero Set mode = %v, want dis", got)
	}
}

func TestOptInGroupsOnTinyImages(t *testing.T) {
	all, err := ParseSet("hce,mba,biou")
	if err != nil {
		t.Fatal(err)
	}
	sizes := [][2]int{{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 17}}
	patterns := map[string]func(i, j int) int{
		"zero":    constant(0),
		"full":    constant(255),
		"checker": func(i, j int) int { return 255 * ((i + j) % 2) },
		"ramp":    func(i, j int) int { return 40 * (i + j) },
	}
	var ws Workspace
	for _, size := range sizes {
		for gtName, gtf := range patterns {
			for predName, pf := range patterns {
				w, h := size[0], size[1]
				gt := buildMask(w, h, gtf)
				pred := buildMask(w, h, pf)
				for _, mode := range []HCEMode{HCEDIS, HCEPySOD} {
					s := all.WithHCEMode(mode)
					v := ws.Compute(gt, toPred(pred), w, h, s).Values(s)
					if v[0] < 0 || v[0] != math.Trunc(v[0]) {
						t.Errorf("%dx%d GT %s pred %s %v: hce = %v, want a count", w, h, gtName, predName, mode, v[0])
					}
					for k, x := range v[2:] {
						if x < 0 || x > 1 {
							t.Errorf("%dx%d GT %s pred %s: %s = %v, want a value in [0, 1]", w, h, gtName, predName, s.Keys()[2+k], x)
						}
					}
				}
			}
		}
	}
}
