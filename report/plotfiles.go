package report

import (
	"bytes"
	"fmt"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PlotFormats are the file formats RenderPlots writes.
var PlotFormats = []string{"svg", "png", "pdf"}

// DefaultPlotDPI is the PNG resolution when PlotOptions.DPI is 0, a usual
// minimum for figures in print.
const DefaultPlotDPI = 300

// MaxPlotSide is the largest width or height of a plot file in any
// format. SVG and PDF files stay small at any size, but a side over
// 100 in is almost surely a wrong unit.
const MaxPlotSide = 100 * vg.Inch

// MaxPlotPixels is the largest PNG plot, in pixels (width × height ×
// dpi²). vgimg draws on an RGBA canvas of 4 bytes per pixel, so this
// canvas alone takes 160 MB, and a 30 in × 30 in plot at 300 dpi (81
// million pixels) ran out of memory in a user's test.
// NOTE: the limit is an estimate from the canvas size, not a measured
// peak of vgimg and the PNG encoder.
const MaxPlotPixels = 40_000_000

// PlotPixels returns the pixel count of a PNG plot of the given size.
func PlotPixels(width, height vg.Length, dpi int) float64 {
	d := float64(dpi)
	return inches(width) * d * inches(height) * d
}

// inches converts a length to inches.
func inches(l vg.Length) float64 { return float64(l / vg.Inch) }

// PlotOptions sets the format and size of plot files.
type PlotOptions struct {
	Format        string    // one of PlotFormats
	Width, Height vg.Length // page size of each plot
	DPI           int       // PNG resolution in dots per inch; 0 means DefaultPlotDPI
}

// PlotFile is one plot drawn as a file, or the reason it could not be.
type PlotFile struct {
	// Name is the file name: the figure's stem ("curve-pr",
	// "distribution-loss_total", "sorted-loss_total") and the format's
	// extension.
	Name  string
	Title string
	Data  []byte // nil when Err is set
	Err   error
}

// RenderPlots draws every plot of report.html as its own file. These are
// the distribution of each loss column and of the main per-image metrics
// (a histogram for one model, box plots for several), the sorted
// per-image values of the ranking column, the precision–recall curve and
// each threshold curve. A plot that cannot be drawn gets a PlotFile with
// Err set, and the others are still drawn. RenderPlots fails only on
// invalid options, among them a side over MaxPlotSide or a PNG over
// MaxPlotPixels.
func RenderPlots(run *Run, opts PlotOptions) ([]PlotFile, error) {
	if !slices.Contains(PlotFormats, opts.Format) {
		return nil, fmt.Errorf("invalid plot format %q: use svg, png or pdf", opts.Format)
	}
	if !(opts.Width > 0 && opts.Height > 0) {
		return nil, fmt.Errorf("invalid plot size %v × %v: both must be positive", opts.Width, opts.Height)
	}
	if opts.DPI == 0 {
		opts.DPI = DefaultPlotDPI
	}
	if opts.DPI < 0 {
		return nil, fmt.Errorf("invalid plot resolution %d dpi: must be positive", opts.DPI)
	}
	if opts.Width > MaxPlotSide || opts.Height > MaxPlotSide {
		return nil, fmt.Errorf("invalid plot size %.4g in × %.4g in: each side must be at most %g in",
			inches(opts.Width), inches(opts.Height), inches(MaxPlotSide))
	}
	if px := PlotPixels(opts.Width, opts.Height, opts.DPI); opts.Format == "png" && px > MaxPlotPixels {
		return nil, fmt.Errorf("invalid PNG plot size: %.4g in × %.4g in at %d dpi is %.0f million pixels, more than the limit of %d million",
			inches(opts.Width), inches(opts.Height), opts.DPI, px/1e6, MaxPlotPixels/1_000_000)
	}

	var files []PlotFile
	for _, spec := range figureSpecs(run) {
		f := PlotFile{Name: spec.name + "." + opts.Format, Title: spec.title}
		p, _, err := spec.build()
		if err == nil {
			f.Data, err = encodePlot(p, opts)
		}
		if err != nil {
			f.Err = fmt.Errorf("plot %s: %w", spec.name, err)
		}
		files = append(files, f)
	}
	return files, nil
}

// encodePlot draws p on a canvas of the requested format and size. A
// panic inside gonum/plot becomes an error, so that one bad plot costs
// only its own file.
func encodePlot(p *plot.Plot, opts PlotOptions) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("draw: %v", r)
		}
	}()
	var buf bytes.Buffer
	switch opts.Format {
	case "svg":
		c := vgsvg.New(opts.Width, opts.Height)
		p.Draw(draw.New(c))
		_, err = c.WriteTo(&buf)
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(opts.Width, opts.Height), vgimg.UseDPI(opts.DPI))
		p.Draw(draw.New(c))
		_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(&buf)
	case "pdf":
		c := vgpdf.New(opts.Width, opts.Height)
		c.EmbedFonts(true)
		p.Draw(draw.New(c))
		_, err = c.WriteTo(&buf)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
