package report

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

func TestRenderPlotsNames(t *testing.T) {
	files, err := RenderPlots(testRun(), PlotOptions{Format: "svg", Width: 4 * vg.Inch, Height: 3 * vg.Inch})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if f.Err != nil {
			t.Errorf("%s: %v", f.Name, f.Err)
		}
	}
	// testRun has four loss columns, the distribution metrics sm, wfm,
	// mae, em_adp and fm_adp, loss_total to rank by, precision and recall
	// curves (ModelA) and an fm curve (ModelB).
	want := []string{
		"distribution-loss_bce.svg", "distribution-loss_iou.svg", "distribution-loss_ssim.svg", "distribution-loss_total.svg",
		"distribution-sm.svg", "distribution-wfm.svg", "distribution-mae.svg", "distribution-em_adp.svg", "distribution-fm_adp.svg",
		"sorted-loss_total.svg", "curve-pr.svg", "curve-fm.svg",
	}
	if !slices.Equal(names, want) {
		t.Errorf("plot files\n got %v\nwant %v", names, want)
	}
}

func TestRenderPlotsFormats(t *testing.T) {
	run := testRun()
	tests := []struct {
		format string
		check  func(t *testing.T, data []byte)
	}{
		{"svg", func(t *testing.T, data []byte) {
			// 4 in × 3 in is 288 pt × 216 pt.
			if !bytes.Contains(data, []byte(`<svg width="288pt" height="216pt"`)) {
				t.Errorf("not a 4 in × 3 in SVG: %.200s", data)
			}
			if !bytes.Contains(data, []byte(`xmlns="http://www.w3.org/2000/svg"`)) {
				t.Errorf("SVG lacks its namespace, so it is not a standalone file: %.200s", data)
			}
		}},
		{"png", func(t *testing.T, data []byte) {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			// 4 in × 3 in at 50 dpi.
			if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 150 {
				t.Errorf("PNG is %d×%d pixels, want 200×150", b.Dx(), b.Dy())
			}
		}},
		{"pdf", func(t *testing.T, data []byte) {
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("not a PDF: %.20q", data)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			files, err := RenderPlots(run, PlotOptions{Format: tt.format, Width: 4 * vg.Inch, Height: 3 * vg.Inch, DPI: 50})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Name, "."+tt.format) {
					t.Errorf("file %s lacks the .%s extension", f.Name, tt.format)
				}
				if f.Err != nil {
					t.Fatalf("%s: %v", f.Name, f.Err)
				}
			}
			tt.check(t, files[len(files)-1].Data)
		})
	}
}

func TestRenderPlotsSizeLimits(t *testing.T) {
	run := testRun()
	run.Models = run.Models[:1]
	// 20 in × 20 in at 300 dpi is 36 million pixels, under the limit. The
	// check is on the options, so an SVG of the largest side is enough to
	// show that the limits themselves are accepted.
	if _, err := RenderPlots(run, PlotOptions{Format: "svg", Width: MaxPlotSide, Height: MaxPlotSide}); err != nil {
		t.Errorf("SVG of the maximum side: %v", err)
	}
	if px := PlotPixels(20*vg.Inch, 20*vg.Inch, 300); px > MaxPlotPixels {
		t.Errorf("20in × 20in at 300 dpi is %g pixels, over the limit %d", px, MaxPlotPixels)
	}
}

func TestRenderPlotsInvalidOptions(t *testing.T) {
	tests := []struct {
		name          string
		opts          PlotOptions
		wantInMessage string
	}{
		{"format", PlotOptions{Format: "gif", Width: vg.Inch, Height: vg.Inch}, `invalid plot format "gif"`},
		{"width", PlotOptions{Format: "svg", Width: 0, Height: vg.Inch}, "invalid plot size"},
		{"dpi", PlotOptions{Format: "png", Width: vg.Inch, Height: vg.Inch, DPI: -1}, "invalid plot resolution -1 dpi"},
		{"png pixels", PlotOptions{Format: "png", Width: 30 * vg.Inch, Height: 30 * vg.Inch, DPI: 300}, "81 million pixels, more than the limit of 40 million"},
		{"svg side", PlotOptions{Format: "svg", Width: 101 * vg.Inch, Height: vg.Inch}, "each side must be at most 100 in"},
		{"pdf side", PlotOptions{Format: "pdf", Width: vg.Inch, Height: 300 * vg.Centimeter}, "each side must be at most 100 in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := RenderPlots(testRun(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error %v, want one containing %q", err, tt.wantInMessage)
			}
		})
	}
}
