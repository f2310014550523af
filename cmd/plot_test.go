package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/birefloss/birefloss/report"
)

func TestPlotCmdParsesFlags(t *testing.T) {
	var got *PlotOptions
	cmd := newPlotCmd(func(_ context.Context, opts *PlotOptions) error {
		got = opts
		return nil
	})
	cmd.SetArgs([]string{"--summary", "out", "--per-image", "p.csv", "--out", "fig", "--format", "png",
		"--width", "3.5in", "--height", "7cm", "--dpi", "150", "--html", "--thumbnails", "2", "-q"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := PlotOptions{Stdout: got.Stdout, Stderr: got.Stderr, Summary: "out", PerImage: "p.csv", OutDir: "fig",
		Format: "png", Width: "3.5in", Height: "7cm", DPI: 150, HTML: true, Thumbnails: 2, Quiet: true}
	if *got != want {
		t.Errorf("options %+v, want %+v", *got, want)
	}
}

func TestParseLength(t *testing.T) {
	tests := []struct {
		in   string
		want vg.Length
	}{
		{"6in", 6 * vg.Inch},
		{"15cm", 15 * vg.Centimeter},
		{" 150mm ", 150 * vg.Millimeter},
		{"432pt", 432},
		{"0.5in", 36},
	}
	for _, tt := range tests {
		got, err := parseLength("width", tt.in)
		if err != nil {
			t.Errorf("parseLength(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("parseLength(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"6", "in", "-1in", "0cm", "6 inches", "NaNin", "Infpt"} {
		if _, err := parseLength("width", in); err == nil || ExitCode(err) != ExitUsage {
			t.Errorf("parseLength(%q) = %v, want a usage error", in, err)
		}
	}
}

func TestPlotUsageErrors(t *testing.T) {
	saved := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	out := t.TempDir()
	tests := []struct {
		name          string
		args          []string
		wantInMessage string
	}{
		{"no summary", []string{"--out", out}, "missing --summary"},
		{"no out", []string{"--summary", saved}, "missing --out"},
		{"format", []string{"--summary", saved, "--out", out, "--format", "gif"}, `invalid --format "gif": use svg, png, pdf`},
		{"width", []string{"--summary", saved, "--out", out, "--width", "6"}, `invalid --width "6"`},
		{"dpi", []string{"--summary", saved, "--out", out, "--dpi", "0"}, "invalid --dpi 0"},
		{"thumbnails", []string{"--summary", saved, "--out", out, "--thumbnails", "-1"}, "invalid --thumbnails -1"},
		{"png pixels", []string{"--summary", saved, "--out", out, "--format", "png", "--width", "30in", "--height", "30in", "--dpi", "300"},
			"invalid PNG size: --width 30in × --height 30in at --dpi 300 is 81 million pixels, more than the limit of 40 million"},
		{"svg width", []string{"--summary", saved, "--out", out, "--width", "101in"}, "invalid --width 101in: at most 100in"},
		{"pdf height", []string{"--summary", saved, "--out", out, "--format", "pdf", "--height", "3000mm"}, "invalid --height 3000mm: at most 100in"},
		{"argument", []string{saved}, "plot takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runRoot(t, append([]string{"plot"}, tt.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, tt.wantInMessage) {
				t.Errorf("exit status %d, want %d with %q; stderr:\n%s", code, ExitUsage, tt.wantInMessage, stderr)
			}
		})
	}
}

func TestPlotSavedRunWithoutFiles(t *testing.T) {
	saved := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	out := filepath.Join(t.TempDir(), "figures")
	stdout, stderr, code := runRoot(t, "plot", "--summary", filepath.Join(saved, "summary.json"), "--out", out, "--html")
	if code != ExitOK {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}

	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"distribution-loss_total.svg", "distribution-sm.svg", "report.html", "sorted-loss_total.svg"}
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}

	// The run records no existing GT folder, so no thumbnail can be made.
	if !strings.Contains(stderr, "note: 3 thumbnails left out, because their files cannot be read again:") {
		t.Errorf("stderr does not note the missing thumbnails:\n%s", stderr)
	}
	// The run's prediction folder "pred" is relative.
	if !strings.Contains(stderr, "relative to the folder eval ran in; run plot from there") {
		t.Errorf("stderr does not explain relative folders:\n%s", stderr)
	}
	if !strings.Contains(stderr, "wrote "+filepath.Join(out, "report.html")) {
		t.Errorf("stderr does not report writing report.html:\n%s", stderr)
	}
}

func TestPlotHelpRelativeFolders(t *testing.T) {
	help := newPlotCmd(nil).Long
	if !strings.Contains(help, "a relative path is relative to\nthe folder eval ran in") {
		t.Errorf("plot --help does not say what relative folders are relative to:\n%s", help)
	}
}

func TestHasRelativeFolder(t *testing.T) {
	abs, err := filepath.Abs("gt")
	if err != nil {
		t.Fatal(err)
	}
	run := &report.Run{Settings: report.Settings{GTDir: abs}, Models: []report.Model{{PredDir: abs}}}
	if hasRelativeFolder(run) {
		t.Error("absolute folders reported as relative")
	}
	run.Models[0].PredDir = "pred"
	if !hasRelativeFolder(run) {
		t.Error("relative prediction folder not reported")
	}
}

func TestPlotWithoutPerImage(t *testing.T) {
	saved := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	if err := os.Remove(filepath.Join(saved, "per_image.csv")); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	_, stderr, code := runRoot(t, "plot", "--summary", saved, "--out", out)
	if code != ExitOK || !strings.Contains(stderr, "only the curve plots are drawn") {
		t.Errorf("exit status %d; stderr:\n%s", code, stderr)
	}
	_, stderr, code = runRoot(t, "plot", "--summary", saved, "--out", out, "--html")
	if code != ExitError || !strings.Contains(stderr, "report.html needs per-image values") {
		t.Errorf("--html without per_image.csv: exit status %d; stderr:\n%s", code, stderr)
	}
	_, stderr, code = runRoot(t, "plot", "--summary", saved, "--out", out, "--per-image", filepath.Join(saved, "none.csv"))
	if code != ExitError || !strings.Contains(stderr, "none.csv") {
		t.Errorf("missing --per-image file: exit status %d; stderr:\n%s", code, stderr)
	}
}

// TestPlotRealOutputs redraws an evaluation of real masks: the plot files
// in each format, and a report.html equal to the one eval wrote.
func TestPlotRealOutputs(t *testing.T) {
	src := filepath.Join("..", "testdata", "real", "sod-300")
	dir := t.TempDir()
	gt := filepath.Join(dir, "gt")
	pred := filepath.Join(dir, "pred-Amulet")
	copyMasks(t, filepath.Join(src, "gt"), gt, sodImages)
	copyMasks(t, filepath.Join(src, "pred-Amulet"), pred, sodImages)
	evalOut := evalSOD(t, gt, pred)

	for _, format := range []string{"svg", "png", "pdf"} {
		t.Run(format, func(t *testing.T) {
			out := t.TempDir()
			_, stderr, code := runRoot(t, "plot", "--summary", evalOut, "--out", out, "--format", format, "--dpi", "40", "--quiet")
			if code != ExitOK {
				t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
			}
			for _, name := range []string{"distribution-loss_total", "sorted-loss_total", "curve-pr", "curve-fm", "curve-em"} {
				info, err := os.Stat(filepath.Join(out, name+"."+format))
				if err != nil {
					t.Errorf("plot file: %v", err)
					continue
				}
				if info.Size() == 0 {
					t.Errorf("%s.%s is empty", name, format)
				}
			}
		})
	}

	t.Run("report.html", func(t *testing.T) {
		out := t.TempDir()
		_, stderr, code := runRoot(t, "plot", "--summary", evalOut, "--out", out, "--html")
		if code != ExitOK || strings.Contains(stderr, "left out") {
			t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
		}
		want, err := os.ReadFile(filepath.Join(evalOut, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("report.html from plot differs from eval's (%d and %d bytes)", len(got), len(want))
		}
	})

	t.Run("moved prediction folder", func(t *testing.T) {
		if err := os.Rename(pred, pred+"-moved"); err != nil {
			t.Fatal(err)
		}
		defer os.Rename(pred+"-moved", pred)
		out := t.TempDir()
		_, stderr, code := runRoot(t, "plot", "--summary", evalOut, "--out", out, "--html")
		if code != ExitOK || !strings.Contains(stderr, "thumbnails left out") {
			t.Errorf("exit status %d, want 0 with a note; stderr:\n%s", code, stderr)
		}
	})
}
