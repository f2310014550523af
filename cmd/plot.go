package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/birefloss/birefloss/compare"
	"github.com/birefloss/birefloss/eval"
	"github.com/birefloss/birefloss/imgio"
	"github.com/birefloss/birefloss/report"
)

// PlotOptions holds the flag values of `birefloss plot`.
type PlotOptions struct {
	Stdout, Stderr io.Writer

	Summary    string // summary.json or output folder
	PerImage   string // per_image.csv; empty: the one beside the summary, if any
	OutDir     string
	Format     string
	Width      string // length with unit, such as 6in
	Height     string
	DPI        int
	HTML       bool
	Thumbnails int
	Quiet      bool
}

func newPlotCmd(runF func(context.Context, *PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{}
	c := &cobra.Command{
		Use:   "plot --summary FILE --out DIR",
		Short: "Redraw the plots and report.html from a saved summary.json and per_image.csv",
		Long: `plot redraws the figures of an evaluation from its saved outputs, without
computing anything again. It writes each plot of report.html to its own file
in OUT_DIR: distribution-KEY (per-image distribution of each loss column and
of sm, wfm, mae, em_adp and fm_adp), sorted-KEY (per-image values of
loss_total, else mae, else sm, sorted), curve-pr (precision-recall) and
curve-KEY (each metric against the threshold). --format and --width/--height
set the file format and the size of every plot, for figures in a paper.
Each side is at most 100 in, and a PNG plot at most 40 million pixels
(width × height × dpi², such as 20in × 20in at 300 dpi = 36 million).
SVG files name the font Liberation Sans, and a viewer without it substitutes
a similar one; PDF files embed it.

--html also writes OUT_DIR/report.html, which needs per_image.csv. Its
thumbnails are made by reading the GT and prediction files again at the
folders that summary.json records (gt_dir and each model's pred_dir). Those
paths are stored as eval was given them, so a relative path is relative to
the folder eval ran in, not to the summary's folder: run plot from that
folder, or the thumbnails are left out. A file that is no longer there
leaves its thumbnail out, with a note on stderr. The files must not have
changed since the evaluation, or the thumbnails show the new content.

per_image.csv is read from the summary's folder unless --per-image names
another file. Without it only the curve plots can be drawn.`,
		Example: `  # Every plot as a 3.5 in × 2.5 in PDF for a paper
  birefloss plot --summary out/summary.json --out figures --format pdf --width 3.5in --height 2.5in

  # PNG files at 150 dpi, and report.html again
  birefloss plot --summary out --out figures --format png --dpi 150 --html`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return flagErrorf("plot takes no arguments, got %q: give the saved results with --summary", args)
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			opts.Stdout = c.OutOrStdout()
			opts.Stderr = c.ErrOrStderr()
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runPlot(opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Summary, "summary", "", "summary.json of a birefloss eval run, or its output folder (required)")
	f.StringVar(&opts.PerImage, "per-image", "", "per_image.csv of the same run (default: the one in the summary's folder, if any)")
	f.StringVar(&opts.OutDir, "out", "", "folder for the plot files and report.html (required; created if missing)")
	f.StringVar(&opts.Format, "format", "svg", "plot file format: "+strings.Join(report.PlotFormats, ", "))
	f.StringVar(&opts.Width, "width", "6in", "width of each plot, with a unit: in, cm, mm or pt")
	f.StringVar(&opts.Height, "height", "4in", "height of each plot, with a unit: in, cm, mm or pt")
	f.IntVar(&opts.DPI, "dpi", report.DefaultPlotDPI, "resolution of PNG plots in dots per inch")
	f.BoolVar(&opts.HTML, "html", false, "also write report.html (needs per_image.csv)")
	f.IntVar(&opts.Thumbnails, "thumbnails", 10, "with --html, number of worst images per model shown with thumbnails")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, `no "wrote" lines and no notes on stderr`)
	return c
}

// parseLength parses a length with a unit (in, cm, mm or pt), such as
// "6in" or "15.5cm".
func parseLength(flag, s string) (vg.Length, error) {
	units := []struct {
		suffix string
		unit   vg.Length
	}{{"in", vg.Inch}, {"cm", vg.Centimeter}, {"mm", vg.Millimeter}, {"pt", 1}}
	text := strings.TrimSpace(s)
	for _, u := range units {
		number, ok := strings.CutSuffix(text, u.suffix)
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(number), 64)
		if err != nil || !(v > 0) || math.IsInf(v, 0) {
			break
		}
		return vg.Length(v) * u.unit, nil
	}
	return 0, flagErrorf("invalid --%s %q: want a positive length with a unit, such as 6in, 15cm, 150mm or 432pt", flag, s)
}

// plotSettings validates the flags and returns the plot options.
func plotSettings(opts *PlotOptions) (report.PlotOptions, error) {
	var po report.PlotOptions
	if opts.Summary == "" {
		return po, flagErrorf("missing --summary: give the summary.json of a birefloss eval run, or its output folder")
	}
	if opts.OutDir == "" {
		return po, flagErrorf("missing --out: give the folder to write the plots to")
	}
	if !slices.Contains(report.PlotFormats, opts.Format) {
		return po, flagErrorf("invalid --format %q: use %s", opts.Format, strings.Join(report.PlotFormats, ", "))
	}
	if opts.DPI < 1 {
		return po, flagErrorf("invalid --dpi %d: must be at least 1", opts.DPI)
	}
	if opts.Thumbnails < 0 {
		return po, flagErrorf("invalid --thumbnails %d: must be 0 or more", opts.Thumbnails)
	}
	width, err := parseLength("width", opts.Width)
	if err != nil {
		return po, err
	}
	height, err := parseLength("height", opts.Height)
	if err != nil {
		return po, err
	}
	if err := checkPlotSize(opts, width, height); err != nil {
		return po, err
	}
	return report.PlotOptions{Format: opts.Format, Width: width, Height: height, DPI: opts.DPI}, nil
}

// checkPlotSize rejects a plot size that report.RenderPlots rejects, as a
// usage error that names the flags, before any file is read or drawn.
func checkPlotSize(opts *PlotOptions, width, height vg.Length) error {
	maxSide := float64(report.MaxPlotSide / vg.Inch)
	if width > report.MaxPlotSide {
		return flagErrorf("invalid --width %s: at most %gin (%gcm) per side", opts.Width, maxSide, maxSide*2.54)
	}
	if height > report.MaxPlotSide {
		return flagErrorf("invalid --height %s: at most %gin (%gcm) per side", opts.Height, maxSide, maxSide*2.54)
	}
	if px := report.PlotPixels(width, height, opts.DPI); opts.Format == "png" && px > report.MaxPlotPixels {
		return flagErrorf("invalid PNG size: --width %s × --height %s at --dpi %d is %.0f million pixels, more than the limit of %d million (width × height × dpi²); lower --dpi or the size",
			opts.Width, opts.Height, opts.DPI, px/1e6, report.MaxPlotPixels/1_000_000)
	}
	return nil
}

// runPlot runs `birefloss plot`.
func runPlot(opts *PlotOptions) error {
	po, err := plotSettings(opts)
	if err != nil {
		return err
	}
	saved, err := compare.LoadFiles(opts.Summary, opts.PerImage)
	if err != nil {
		return fmt.Errorf("read saved results: %w", err)
	}
	if opts.HTML && saved.PerImage == nil {
		return fmt.Errorf("report.html needs per-image values, and there is no %s beside %s: pass --per-image, or leave out --html",
			compare.PerImageFile, saved.SummaryPath)
	}
	if saved.PerImage == nil && !opts.Quiet {
		fmt.Fprintf(opts.Stderr, "note: no %s beside %s, so only the curve plots are drawn\n", compare.PerImageFile, saved.SummaryPath)
	}
	run := report.RunFromSaved(saved.Summary, saved.PerImage)
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}

	files, err := report.RenderPlots(run, po)
	if err != nil {
		return err
	}
	var failed []string
	for _, f := range files {
		if f.Err != nil {
			fmt.Fprintf(opts.Stderr, "error: %v\n", f.Err)
			failed = append(failed, f.Name)
			continue
		}
		if err := writePlotFile(opts, f.Name, f.Data); err != nil {
			return err
		}
	}

	if opts.HTML {
		thumbs, skipped := savedThumbnails(run, opts.Thumbnails, thumbnailSide)
		if len(skipped) > 0 && !opts.Quiet {
			fmt.Fprintf(opts.Stderr, "note: %d thumbnails left out, because their files cannot be read again:\n", len(skipped))
			if hasRelativeFolder(run) {
				fmt.Fprintln(opts.Stderr, "  the GT and prediction folders in the summary are relative paths, which are relative to the folder eval ran in; run plot from there")
			}
			for i, s := range skipped {
				if i == maxListed {
					fmt.Fprintf(opts.Stderr, "  ... and %d more\n", len(skipped)-maxListed)
					break
				}
				fmt.Fprintf(opts.Stderr, "  %s\n", s)
			}
		}
		var buf bytes.Buffer
		if err := report.WriteHTML(&buf, run, thumbs); err != nil {
			return fmt.Errorf("render report.html: %w", err)
		}
		if err := writePlotFile(opts, "report.html", buf.Bytes()); err != nil {
			return err
		}
	}

	if len(failed) > 0 {
		return fmt.Errorf("%d of %d plots could not be drawn (%s); the others were written", len(failed), len(files), strings.Join(failed, ", "))
	}
	return nil
}

// hasRelativeFolder reports whether the GT folder or a prediction folder
// of run is a relative path. plot resolves such a path against its own
// working folder, which may not be the one eval ran in.
func hasRelativeFolder(run *report.Run) bool {
	if run.Settings.GTDir != "" && !filepath.IsAbs(run.Settings.GTDir) {
		return true
	}
	for i := range run.Models {
		if dir := run.Models[i].PredDir; dir != "" && !filepath.IsAbs(dir) {
			return true
		}
	}
	return false
}

func writePlotFile(opts *PlotOptions, name string, data []byte) error {
	path := filepath.Join(opts.OutDir, name)
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.Stderr, "wrote %s\n", path)
	}
	return nil
}

// savedThumbnails renders the thumbnails report.html shows (the k worst
// rows of each model and the model comparison's rows) by reading the
// files again. It pairs each model's prediction folder with the GT folder
// as summary.json records them, and reads and resizes the masks with the
// recorded settings, as eval did. skipped names each pair that cannot be
// read, with the reason.
func savedThumbnails(run *report.Run, k, maxSide int) (thumbs []report.Thumbnail, skipped []string) {
	if k == 0 {
		return nil, nil
	}
	thumbRows := make([][]int, len(run.Models))
	for mi := range run.Models {
		thumbRows[mi] = report.WorstRows(&run.Models[mi], run, k)
	}
	for _, ref := range report.DeltaRows(run, k) {
		if !slices.Contains(thumbRows[ref.Model], ref.Row) {
			thumbRows[ref.Model] = append(thumbRows[ref.Model], ref.Row)
		}
	}

	s := run.Settings
	pairOpts := imgio.PairOptions{PredPrefix: s.PredPrefix, PredSuffix: s.PredSuffix, GTPrefix: s.GTPrefix, GTSuffix: s.GTSuffix}
	for mi, rows := range thumbRows {
		m := &run.Models[mi]
		if len(rows) == 0 {
			continue
		}
		pairing, err := imgio.PairFolders(s.GTDir, m.PredDir, pairOpts)
		if err != nil {
			for _, ri := range rows {
				skipped = append(skipped, fmt.Sprintf("model %s: %s: %v", m.Name, m.Rows[ri].Name, err))
			}
			continue
		}
		files := make(map[string]imgio.Pair, len(pairing.Pairs))
		for _, p := range pairing.Pairs {
			files[p.Name] = p
		}
		for _, ri := range rows {
			row := &m.Rows[ri]
			pair, ok := files[row.Name]
			if !ok {
				skipped = append(skipped, fmt.Sprintf("model %s: %s: no GT and prediction pair of that name in %s and %s", m.Name, row.Name, s.GTDir, m.PredDir))
				continue
			}
			th, err := savedThumbnail(s, m.Name, row.Name, pair, maxSide)
			if err != nil {
				skipped = append(skipped, fmt.Sprintf("model %s: %s: %v", m.Name, row.Name, err))
				continue
			}
			thumbs = append(thumbs, th)
		}
	}
	return thumbs, skipped
}

func savedThumbnail(s report.Settings, model, name string, pair imgio.Pair, maxSide int) (report.Thumbnail, error) {
	read := imgio.ReadOptions{Alpha: s.Alpha, MaxPixels: s.MaxPixels}
	resize, err := imgio.ParseResizeMode(s.Resize)
	if err != nil {
		// A summary with an unknown resize mode gets thumbnails only for
		// pairs of equal size, as with "error".
		resize = imgio.ResizeError
	}
	gt, pred, err := eval.ReadPair8(pair.GT, pair.Pred, read, s.ScaleZeroOne, resize)
	if err != nil {
		return report.Thumbnail{}, err
	}
	return report.MakeThumbnail(model, name, gt.Pix, pred, gt.Width, gt.Height, maxSide)
}
