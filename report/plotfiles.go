package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
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
// invalid options.
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

	var files []PlotFile
	for _, spec := range plotSpecs(run) {
		f := PlotFile{Name: spec.name + "." + opts.Format, Title: spec.title}
		p, err := spec.build()
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

// plotSpec is a plot to draw: its file stem, title and builder.
type plotSpec struct {
	name, title string
	build       func() (*plot.Plot, error)
}

// plotSpecs lists the plots of run in report order.
// TODO: the builders below repeat the figure code of the HTML report
// without its SVG rendering. Make the HTML figures call them, so that the
// two cannot drift apart.
func plotSpecs(run *Run) []plotSpec {
	var specs []plotSpec
	specs = append(specs, distributionSpecs(run)...)
	if s, ok := sortedSpec(run); ok {
		specs = append(specs, s)
	}
	return append(specs, curveSpecs(run)...)
}

func distributionSpecs(run *Run) []plotSpec {
	type column struct {
		key string
		col int
	}
	var columns []column
	for i, key := range run.LossKeys {
		columns = append(columns, column{key, i})
	}
	for _, key := range distributionMetricKeys {
		if i := slices.Index(run.MetricKeys, key); i >= 0 {
			columns = append(columns, column{key, len(run.LossKeys) + i})
		}
	}
	names := make([]string, len(run.Models))
	for i := range run.Models {
		names[i] = run.Models[i].Name
	}

	var specs []plotSpec
	for _, c := range columns {
		values := make([][]float64, len(run.Models))
		anyFinite := false
		for i := range run.Models {
			finite, _, _ := columnValues(&run.Models[i], c.col, nil)
			slices.Sort(finite)
			values[i] = finite
			anyFinite = anyFinite || len(finite) > 0
		}
		if !anyFinite {
			continue
		}
		title := c.key + directionSuffix(c.key)
		build := func() (*plot.Plot, error) { return buildBoxPlot(title, c.key, names, values) }
		if len(run.Models) == 1 {
			build = func() (*plot.Plot, error) { return buildHistogram(title, c.key, values[0], modelColor(0)) }
		}
		specs = append(specs, plotSpec{name: "distribution-" + c.key, title: title, build: build})
	}
	return specs
}

func sortedSpec(run *Run) (plotSpec, bool) {
	key, col, _, ok := rankingKey(run)
	if !ok {
		return plotSpec{}, false
	}
	var lines []sortedLine
	for i := range run.Models {
		finite, _, _ := columnValues(&run.Models[i], col, nil)
		if len(finite) == 0 {
			continue
		}
		slices.Sort(finite)
		lines = append(lines, sortedLine{model: i, name: run.Models[i].Name, sorted: finite})
	}
	if len(lines) == 0 {
		return plotSpec{}, false
	}
	title := fmt.Sprintf("Per-image %s, sorted ascending", key)
	return plotSpec{
		name:  "sorted-" + key,
		title: title,
		build: func() (*plot.Plot, error) { return buildSortedValues(title, key, lines) },
	}, true
}

func curveSpecs(run *Run) []plotSpec {
	thresholds := make([]float64, 256)
	for i := range thresholds {
		thresholds[i] = float64(i)
	}
	curve := func(m *Model, key string) []float64 {
		for _, c := range m.Curves {
			if c.Key == key {
				return c.Values
			}
		}
		return nil
	}

	var specs []plotSpec
	add := func(name, title, xLabel, yLabel string, unitX, legendBottom bool, series []curveSeries) {
		if len(series) == 0 {
			return
		}
		specs = append(specs, plotSpec{name: name, title: title, build: func() (*plot.Plot, error) {
			return buildCurves(title, xLabel, yLabel, series, unitX, legendBottom)
		}})
	}

	var pr []curveSeries
	for i := range run.Models {
		m := &run.Models[i]
		p, r := curve(m, "precision"), curve(m, "recall")
		if hasFinitePoint(r, p) {
			pr = append(pr, curveSeries{model: i, name: m.Name, x: r, y: p})
		}
	}
	add("curve-pr", "Precision–recall", "recall", "precision", true, true, pr)

	// Threshold curves: F-measure, E-measure, then the other curves in the
	// order the models list them.
	keys := []string{"fm", "em"}
	for i := range run.Models {
		for _, c := range run.Models[i].Curves {
			if !slices.Contains(keys, c.Key) && c.Key != "precision" && c.Key != "recall" {
				keys = append(keys, c.Key)
			}
		}
	}
	for _, key := range keys {
		var series []curveSeries
		for i := range run.Models {
			m := &run.Models[i]
			if y := curve(m, key); hasFinitePoint(thresholds, y) {
				series = append(series, curveSeries{model: i, name: m.Name, x: thresholds, y: y})
			}
		}
		add("curve-"+key, curveTitle(key), "threshold (0–255)", key, false, false, series)
	}
	return specs
}

// buildBoxPlot draws one box per model of sorted finite values; an empty
// series leaves its slot empty. The value axis is logarithmic when
// logScaleFor accepts the values.
func buildBoxPlot(title, key string, names []string, values [][]float64) (*plot.Plot, error) {
	p := newPlot(title, "", key)
	if logScaleFor(values) {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = decadeTicks{}
	}
	labels := make([]string, len(names))
	for i, n := range names {
		labels[i] = shortLabel(n)
	}
	if len(names) > 4 {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = text.XRight
		p.X.Tick.Label.YAlign = text.YCenter
	}
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.6, float64(len(names))-0.4

	boxWidth := vg.Points(min(36, max(8, 180/float64(len(names)))))
	for i, vs := range values {
		if len(vs) == 0 {
			continue
		}
		box, err := plotter.NewBoxPlot(boxWidth, float64(i), plotter.Values(vs))
		if err != nil {
			return nil, fmt.Errorf("box plot of %s: %w", key, err)
		}
		c := modelColor(i)
		box.FillColor = color.NRGBA{c.R, c.G, c.B, 70}
		box.BoxStyle.Color = c
		box.BoxStyle.Width = vg.Points(1.2)
		box.MedianStyle.Color = c
		box.MedianStyle.Width = vg.Points(2)
		box.WhiskerStyle.Color = c
		box.GlyphStyle.Color = c
		box.GlyphStyle.Radius = vg.Points(1.5)
		box.Outside = thinOutliers(box.Outside, vs)
		p.Add(box)
	}
	return p, nil
}

// buildHistogram draws the distribution of one model's sorted finite
// values, on a logarithmic axis with bins of equal width in log10 when
// logScaleFor accepts them.
func buildHistogram(title, key string, values []float64, c color.NRGBA) (*plot.Plot, error) {
	p := newPlot(title, key, "images")
	logScale := logScaleFor([][]float64{values})
	if logScale {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = decadeTicks{}
	}
	h := &plotter.Histogram{
		Bins:      histogramBins(values, logScale),
		FillColor: color.NRGBA{c.R, c.G, c.B, 150},
		LineStyle: draw.LineStyle{Color: c, Width: vg.Points(0.8)},
	}
	h.Width = h.Bins[0].Max - h.Bins[0].Min
	p.Add(h)
	return p, nil
}

// buildSortedValues draws each model's sorted per-image values against
// their rank, with at most maxLinePoints points per line.
func buildSortedValues(title, key string, lines []sortedLine) (*plot.Plot, error) {
	p := newPlot(title, "rank", key)
	series := make([][]float64, len(lines))
	for i, l := range lines {
		series[i] = l.sorted
	}
	if logScaleFor(series) {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = decadeTicks{}
	}
	for _, l := range lines {
		line, err := plotter.NewLine(downsampleMax(l.sorted, maxLinePoints))
		if err != nil {
			return nil, fmt.Errorf("sorted %s of %s: %w", key, l.name, err)
		}
		line.LineStyle = modelLine(l.model)
		p.Add(line)
		p.Legend.Add(l.name, line)
	}
	p.Legend.Top = true
	p.Legend.Left = true
	return p, nil
}

// buildCurves overlays one curve per model. Points where x or y is not
// finite break the line.
func buildCurves(title, xLabel, yLabel string, series []curveSeries, unitX, legendBottom bool) (*plot.Plot, error) {
	p := newPlot(title, xLabel, yLabel)
	if unitX {
		p.X.Min, p.X.Max = 0, 1
	}
	p.Legend.Top = !legendBottom
	p.Legend.Left = legendBottom
	for _, s := range series {
		var first *plotter.Line
		for _, seg := range finiteSegments(s.x, s.y) {
			line, err := plotter.NewLine(seg)
			if err != nil {
				return nil, fmt.Errorf("%s of %s: %w", title, s.name, err)
			}
			line.LineStyle = modelLine(s.model)
			p.Add(line)
			if first == nil {
				first = line
			}
		}
		if first != nil {
			p.Legend.Add(s.name, first)
		}
	}
	return p, nil
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
