package report

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"html/template"
	"image/color"
	"math"
	"regexp"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// modelPalette gives each model a colour, in model order. Models past the
// tenth reuse the colours with dashed lines.
var modelPalette = []color.NRGBA{
	{0x23, 0x64, 0xaa, 255}, // blue
	{0xe4, 0x57, 0x2e, 255}, // vermilion
	{0x3a, 0xa6, 0x55, 255}, // green
	{0x8e, 0x44, 0xad, 255}, // purple
	{0xf0, 0xa2, 0x02, 255}, // amber
	{0x17, 0xa2, 0xb8, 255}, // teal
	{0xc2, 0x18, 0x5b, 255}, // magenta
	{0x6d, 0x4c, 0x41, 255}, // brown
	{0x54, 0x6e, 0x7a, 255}, // blue grey
	{0x9c, 0xae, 0x1c, 255}, // olive
}

func modelColor(i int) color.NRGBA { return modelPalette[i%len(modelPalette)] }

// modelLine returns the line style of model i.
func modelLine(i int) draw.LineStyle {
	style := draw.LineStyle{Color: modelColor(i), Width: vg.Points(1.5)}
	if i >= len(modelPalette) {
		style.Dashes = []vg.Length{vg.Points(5), vg.Points(2.5)}
	}
	return style
}

// cssColor returns c as a CSS hex colour.
func cssColor(c color.NRGBA) string {
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// Plot sizes in points. The page scales every SVG to its container's
// width, so these set the aspect ratio and the text size relative to the
// plot.
const (
	smallPlotWidth  = 4.2 * vg.Inch
	smallPlotHeight = 3 * vg.Inch
	widePlotWidth   = 9 * vg.Inch
	widePlotHeight  = 3.6 * vg.Inch
)

// maxLinePoints is the maximum number of points per model in the sorted
// per-image plot, so that the SVG size does not grow with the image count.
const maxLinePoints = 2000

// maxOutliersPerBox bounds the outlier glyphs of one box: outliers closer
// than 1/maxOutliersPerBox of the value range to the previous one kept are
// dropped, since their glyphs would overlap it.
const maxOutliersPerBox = 400

// plotFont is the font of every plot text. gonum/plot measures text with
// Liberation Sans, and the page's CSS requests it or the metric-compatible
// Arial or Helvetica from the browser, so labels fit their boxes.
func plotFont(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// newPlot returns a plot with the report's fonts and a light grid.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = plotFont(12)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, axis := range []*plot.Axis{&p.X, &p.Y} {
		axis.Label.TextStyle.Font = plotFont(10.5)
		axis.Tick.Label.Font = plotFont(9.5)
		axis.Tick.Marker = cleanTicks{}
	}
	p.Legend.TextStyle.Font = plotFont(9.5)
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 225}
	grid.Horizontal.Color = color.Gray{Y: 225}
	p.Add(grid)
	return p
}

// renderSVG draws p as an SVG element ready to inline in HTML. A panic
// inside gonum/plot becomes an error, so that one bad plot costs that plot
// and not the whole report.
func renderSVG(p *plot.Plot, width, height vg.Length, label string) (svg template.HTML, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("draw plot %q: %v", label, r)
		}
	}()
	canvas := vgsvg.New(width, height)
	p.Draw(draw.New(canvas))
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("draw plot %q: %w", label, err)
	}
	out, err := inlineSVG(buf.Bytes(), label)
	if err != nil {
		return "", fmt.Errorf("draw plot %q: %w", label, err)
	}
	// The SVG comes from vgsvg, which escapes every text it draws.
	return template.HTML(out), nil
}

var viewBoxPattern = regexp.MustCompile(`viewBox="[^"]*"`)

// inlineSVG turns a standalone SVG document from vgsvg into an element for
// an HTML page. It drops the XML declaration and comment, and replaces the
// root tag's fixed size and namespace attributes with the viewBox alone,
// so that CSS sets the size and the page contains no URL.
func inlineSVG(doc []byte, label string) ([]byte, error) {
	start := bytes.Index(doc, []byte("<svg"))
	if start < 0 {
		return nil, errors.New("no <svg> element in the output of vgsvg")
	}
	end := bytes.IndexByte(doc[start:], '>')
	if end < 0 {
		return nil, errors.New("unterminated <svg> tag in the output of vgsvg")
	}
	end += start
	viewBox := viewBoxPattern.Find(doc[start:end])
	if viewBox == nil {
		return nil, errors.New("no viewBox on the <svg> element of vgsvg")
	}

	var out bytes.Buffer
	fmt.Fprintf(&out, `<svg %s role="img" aria-label="%s">`, viewBox, html.EscapeString(label))
	out.Write(bytes.TrimSpace(doc[end+1:]))
	return out.Bytes(), nil
}

// shortLabel cuts a tick label to 16 characters, as box plots of ten
// models leave about that much room under each box.
func shortLabel(s string) string {
	r := []rune(s)
	if len(r) <= 16 {
		return s
	}
	return string(r[:15]) + "…"
}

// buildBoxPlot builds one box per model of the finite values of a column.
// values[i] is sorted ascending, and an empty one leaves its slot empty.
// The value axis is logarithmic when useLogScale accepts the values, and
// the returned bool reports whether it is.
func buildBoxPlot(title, key string, names []string, values [][]float64) (*plot.Plot, bool, error) {
	p := newPlot(title, "", key)
	logScale := logScaleFor(values)
	if logScale {
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
			return nil, false, fmt.Errorf("box plot of %s: %w", key, err)
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
	return p, logScale, nil
}

// thinOutliers keeps at most maxOutliersPerBox+2 of the outlier
// indices into the sorted values: an outlier is dropped when it lies
// closer than 1/maxOutliersPerBox of the value range to the last one kept.
// The lowest and the highest outlier are always kept.
func thinOutliers(outside []int, sorted []float64) []int {
	if len(outside) <= maxOutliersPerBox {
		return outside
	}
	step := (sorted[len(sorted)-1] - sorted[0]) / maxOutliersPerBox
	kept := outside[:0:0]
	last := math.Inf(-1)
	for _, i := range outside {
		if v := sorted[i]; v-last >= step {
			kept = append(kept, i)
			last = v
		}
	}
	if highest := outside[len(outside)-1]; kept[len(kept)-1] != highest {
		kept = append(kept, highest)
	}
	return kept
}

// buildHistogram builds the distribution of one model's finite values,
// sorted ascending. When useLogScale accepts them, the value axis
// is logarithmic with bins of equal width in log10, and the returned bool
// reports whether it is.
func buildHistogram(title, key string, values []float64, c color.NRGBA) (*plot.Plot, bool, error) {
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
	return p, logScale, nil
}

// histogramBins splits the range of sorted values into about √n bins,
// between 10 and 60, of equal width in the values or, with logBins, in
// their log10. It bins by hand because plotter.NewHist can panic when
// rounding puts a value just below the maximum into bin n.
func histogramBins(values []float64, logBins bool) []plotter.HistogramBin {
	lo, hi := values[0], values[len(values)-1]
	if lo == hi {
		half := math.Max(math.Abs(lo)*0.05, 0.5e-3)
		return []plotter.HistogramBin{{Min: lo - half, Max: hi + half, Weight: float64(len(values))}}
	}
	transform, inverse := func(v float64) float64 { return v }, func(v float64) float64 { return v }
	if logBins {
		transform, inverse = math.Log10, func(v float64) float64 { return math.Pow(10, v) }
	}

	n := int(math.Ceil(math.Sqrt(float64(len(values)))))
	n = min(60, max(10, n))
	tlo, thi := transform(lo), transform(hi)
	width := (thi - tlo) / float64(n)
	bins := make([]plotter.HistogramBin, n)
	for i := range bins {
		bins[i].Min = inverse(tlo + float64(i)*width)
		bins[i].Max = inverse(tlo + float64(i+1)*width)
	}
	bins[0].Min, bins[n-1].Max = lo, hi
	for _, v := range values {
		i := min(n-1, max(0, int((transform(v)-tlo)/width)))
		bins[i].Weight++
	}
	return bins
}

// useLogScale reports whether positive values from lo to hi with the given
// median read better on a logarithmic axis. Two conditions must hold. The
// upper tail reaches at least 10 times the median, so a linear axis would
// squeeze most values into its bottom tenth. And lo is within 6 decades of
// the median, so the log axis does not spend its length on a few tiny
// values.
func useLogScale(lo, median, hi float64) bool {
	return lo > 0 && hi >= 10*median && median <= 1e6*lo
}

// medianOfSorted returns the median of ascending values.
func medianOfSorted(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// logScaleFor applies useLogScale to several sorted series: lo and hi over
// all of them, and the median of their medians.
func logScaleFor(series [][]float64) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	var medians []float64
	for _, s := range series {
		if len(s) == 0 {
			continue
		}
		lo, hi = math.Min(lo, s[0]), math.Max(hi, s[len(s)-1])
		medians = append(medians, medianOfSorted(s))
	}
	if len(medians) == 0 {
		return false
	}
	sort.Float64s(medians)
	return useLogScale(lo, medianOfSorted(medians), hi)
}

// cleanTicks is plot.DefaultTicks with labels of at most 6 significant
// digits and no trailing zeros ("2500" instead of "2500.00").
type cleanTicks struct{}

func (cleanTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = formatValue(ticks[i].Value, 6)
		}
	}
	return ticks
}

// decadeTicks marks a logarithmic axis at powers of ten. It labels at most
// five decades, so that wide ranges stay readable, and adds minor ticks at
// 2…9 times each power when every decade is labelled.
type decadeTicks struct{}

func (decadeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi > 0) {
		return nil
	}
	first := int(math.Floor(math.Log10(lo)))
	last := int(math.Ceil(math.Log10(hi)))
	step := max(1, (last-first+4)/5)
	var ticks []plot.Tick
	for e := first; e <= last; e++ {
		if ((e%step)+step)%step != 0 {
			continue
		}
		v := math.Pow10(e)
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
		if step == 1 && e < last {
			for m := 2; m <= 9; m++ {
				ticks = append(ticks, plot.Tick{Value: float64(m) * v})
			}
		}
	}
	return ticks
}

// sortedLine is one model's line in the sorted per-image plot.
type sortedLine struct {
	model  int
	name   string
	sorted []float64 // finite values, ascending
}

// buildSortedValues builds each model's per-image values of key sorted
// ascending against their rank (1 = lowest), so that the worst images of a
// lower-is-better column stand out on the right. Each line has at most
// maxLinePoints points. The y axis is logarithmic when useLogScale accepts
// the lines, and the returned bool reports whether it is.
func buildSortedValues(title, key string, lines []sortedLine) (*plot.Plot, bool, error) {
	p := newPlot(title, "rank", key)

	series := make([][]float64, len(lines))
	for i, l := range lines {
		series[i] = l.sorted
	}
	logScale := logScaleFor(series)
	if logScale {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = decadeTicks{}
	}

	for _, l := range lines {
		points := downsampleMax(l.sorted, maxLinePoints)
		line, err := plotter.NewLine(points)
		if err != nil {
			return nil, false, fmt.Errorf("sorted %s of %s: %w", key, l.name, err)
		}
		line.LineStyle = modelLine(l.model)
		p.Add(line)
		p.Legend.Add(l.name, line)
		if len(points) == 1 {
			// A line through one point draws nothing: mark the point.
			dot, err := plotter.NewScatter(points)
			if err != nil {
				return nil, false, fmt.Errorf("sorted %s of %s: %w", key, l.name, err)
			}
			dot.GlyphStyle.Color = modelColor(l.model)
			dot.GlyphStyle.Radius = vg.Points(3)
			p.Add(dot)
		}
	}
	p.Legend.Top = true
	p.Legend.Left = true
	return p, logScale, nil
}

// downsampleMax returns the points (rank, value) of sorted values, ranks
// starting at 1. Past maxPoints values it splits the ranks into maxPoints-1
// equal blocks and keeps the last (largest) point of each, plus the first
// point, so the line keeps its minimum and every block's maximum.
func downsampleMax(sorted []float64, maxPoints int) plotter.XYs {
	n := len(sorted)
	if n <= maxPoints {
		xys := make(plotter.XYs, n)
		for i, v := range sorted {
			xys[i] = plotter.XY{X: float64(i + 1), Y: v}
		}
		return xys
	}
	blocks := maxPoints - 1
	xys := make(plotter.XYs, 0, maxPoints)
	xys = append(xys, plotter.XY{X: 1, Y: sorted[0]})
	for b := 1; b <= blocks; b++ {
		last := b*n/blocks - 1 // last index of block b
		xys = append(xys, plotter.XY{X: float64(last + 1), Y: sorted[last]})
	}
	return xys
}

// curveSeries is one model's curve: y against x, both of one length.
type curveSeries struct {
	model int
	name  string
	x, y  []float64
}

// buildCurves overlays one curve per model. Points where x or y is not
// finite break the line.
func buildCurves(title, xLabel, yLabel string, series []curveSeries, unitX bool, legendBottom bool) (*plot.Plot, error) {
	p := newPlot(title, xLabel, yLabel)
	if unitX {
		p.X.Min, p.X.Max = 0, 1
	}
	p.Legend.Top = !legendBottom
	p.Legend.Left = legendBottom
	for _, s := range series {
		style := modelLine(s.model)
		var first *plotter.Line
		for _, seg := range finiteSegments(s.x, s.y) {
			line, err := plotter.NewLine(seg)
			if err != nil {
				return nil, fmt.Errorf("%s of %s: %w", title, s.name, err)
			}
			line.LineStyle = style
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

// finiteSegments splits (x[i], y[i]) into runs of finite points.
func finiteSegments(x, y []float64) []plotter.XYs {
	var segments []plotter.XYs
	var current plotter.XYs
	for i := range min(len(x), len(y)) {
		if isFinite(x[i]) && isFinite(y[i]) {
			current = append(current, plotter.XY{X: x[i], Y: y[i]})
			continue
		}
		if len(current) > 0 {
			segments = append(segments, current)
			current = nil
		}
	}
	if len(current) > 0 {
		segments = append(segments, current)
	}
	return segments
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
