package compare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes c as indented JSON (two spaces) with a trailing
// newline. NaN values are written as null.
func WriteJSON(w io.Writer, c *Comparison) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode comparison: %w", err)
	}
	data = append(data, '\n')
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write comparison: %w", err)
	}
	return nil
}

// WriteText writes the comparison as plain-text tables for a terminal. Per
// model it lists every dataset value with its change, threshold and
// status, the per-image counts of each key, and the images only one side
// evaluated. A closing line gives the number of regressions.
func WriteText(w io.Writer, c *Comparison) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "baseline: %s%s\n", c.Baseline.Summary, versionNote(c.Baseline))
	fmt.Fprintf(&buf, "new:      %s%s\n", c.New.Summary, versionNote(c.New))
	for _, m := range c.Mismatches {
		fmt.Fprintf(&buf, "setting %s differs (allowed): baseline %s, new %s\n", m.Setting, m.Baseline, m.New)
	}
	for _, name := range c.ModelsOnlyInBaseline {
		fmt.Fprintf(&buf, "model %s: only in the baseline\n", name)
	}
	for _, name := range c.ModelsOnlyInNew {
		fmt.Fprintf(&buf, "model %s: only in the new run\n", name)
	}

	for i := range c.Models {
		m := &c.Models[i]
		buf.WriteString("\n")
		writeTextModel(&buf, m)
	}

	buf.WriteString("\n")
	buf.WriteString(resultLine(c) + "\n")
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write comparison: %w", err)
	}
	return nil
}

func writeTextModel(buf *bytes.Buffer, m *ModelComparison) {
	fmt.Fprintf(buf, "model %s\n", modelTitle(m))
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "key\tbaseline\tnew\tchange\tthreshold\tstatus")
	for _, ch := range m.Dataset {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ch.Key, formatValue(float64(ch.Baseline)), formatValue(float64(ch.New)),
			changeText(ch), thresholdText(ch.Threshold), ch.Status)
	}
	tw.Flush()
	if len(m.KeysOnlyInBaseline) > 0 {
		fmt.Fprintf(buf, "keys only in the baseline: %s\n", strings.Join(m.KeysOnlyInBaseline, ", "))
	}
	if len(m.KeysOnlyInNew) > 0 {
		fmt.Fprintf(buf, "keys only in the new run: %s\n", strings.Join(m.KeysOnlyInNew, ", "))
	}

	if m.PerImage && len(m.ImageKeys) > 0 {
		fmt.Fprintf(buf, "\nper image (%s compared)\n", countNoun(m.ImageKeys[0].Compared, "image", "images"))
		tw = tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "key\tbetter\tworse\tregression\tunchanged\tthreshold\tlargest worsening")
		for _, k := range m.ImageKeys {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", k.Key, k.Better, k.Worse+k.Changed, k.Regression, k.Unchanged,
				thresholdText(k.Threshold), worseningText(k.MaxWorsening))
		}
		tw.Flush()
	} else if !m.PerImage {
		buf.WriteString("per image: not compared (per_image.csv is missing on one side)\n")
	}

	if len(m.MissingImages) > 0 {
		fmt.Fprintf(buf, "images evaluated in the baseline only: %d\n", len(m.MissingImages))
		for _, mi := range m.MissingImages {
			fmt.Fprintf(buf, "  %s: %s\n", mi.Name, describeMissing(mi))
		}
	}
	if len(m.NewImages) > 0 {
		fmt.Fprintf(buf, "images evaluated in the new run only: %d (%s)\n", len(m.NewImages), strings.Join(m.NewImages, ", "))
	}
}

func modelTitle(m *ModelComparison) string {
	if m.Baseline == m.New {
		return m.New
	}
	return fmt.Sprintf("%s (baseline: %s)", m.New, m.Baseline)
}

func versionNote(s Source) string {
	if s.ToolVersion == "" {
		return ""
	}
	return " (birefloss " + s.ToolVersion + ")"
}

// resultLine states the outcome of the gate.
func resultLine(c *Comparison) string {
	if len(c.Regressions) == 0 {
		return "no regression"
	}
	return countNoun(len(c.Regressions), "regression", "regressions")
}

// countNoun returns n followed by the singular noun when n is 1 and by
// the plural noun otherwise: "1 key", "0 keys", "19 keys".
func countNoun(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}

func changeText(ch Change) string {
	if ch.Status == StatusUnchanged {
		return "0"
	}
	if math.IsNaN(float64(ch.Delta)) {
		return "NaN"
	}
	return formatDelta(ch)
}

func thresholdText(t *Threshold) string {
	if t == nil {
		return "-"
	}
	return t.String()
}

func worseningText(ch *Change) string {
	if ch == nil {
		return "-"
	}
	return fmt.Sprintf("%s (%s to %s)", ch.Image, formatValue(float64(ch.Baseline)), formatValue(float64(ch.New)))
}

// WriteMarkdown writes the comparison as GitHub-flavoured Markdown for a
// pull-request comment or a CI job summary. It gives the outcome, every
// regression and the settings that differ. Per model it adds the dataset
// values and the per-image counts, each in a collapsed block, and the
// images only one side evaluated.
func WriteMarkdown(w io.Writer, c *Comparison) error {
	var buf bytes.Buffer
	if c.Regressed() {
		fmt.Fprintf(&buf, "## birefloss comparison: %s\n\n", resultLine(c))
	} else {
		buf.WriteString("## birefloss comparison: no regression\n\n")
	}
	fmt.Fprintf(&buf, "Baseline `%s`%s, new `%s`%s.\n", c.Baseline.Summary, versionNote(c.Baseline), c.New.Summary, versionNote(c.New))
	fmt.Fprintf(&buf, "Dataset thresholds: %s. Per-image thresholds: %s.\n\n",
		thresholdsText(c.MaxRegress), thresholdsText(c.MaxImageRegress))

	if c.Regressed() {
		buf.WriteString("### Regressions\n\n| Model | Image | Key | Detail |\n| --- | --- | --- | --- |\n")
		for _, r := range c.Regressions {
			fmt.Fprintf(&buf, "| %s | %s | %s | %s |\n", mdCell(r.Model), mdCell(r.Image), mdCell(r.Key), mdCell(regressionDetail(r)))
		}
		buf.WriteString("\n")
	}
	if len(c.Mismatches) > 0 {
		buf.WriteString("### Settings that differ (allowed)\n\n| Setting | Baseline | New |\n| --- | --- | --- |\n")
		for _, m := range c.Mismatches {
			fmt.Fprintf(&buf, "| %s | %s | %s |\n", mdCell(m.Setting), mdCell(m.Baseline), mdCell(m.New))
		}
		buf.WriteString("\n")
	}
	if len(c.ModelsOnlyInBaseline) > 0 {
		fmt.Fprintf(&buf, "Models only in the baseline: %s.\n\n", mdList(c.ModelsOnlyInBaseline))
	}
	if len(c.ModelsOnlyInNew) > 0 {
		fmt.Fprintf(&buf, "Models only in the new run: %s.\n\n", mdList(c.ModelsOnlyInNew))
	}
	for i := range c.Models {
		writeMarkdownModel(&buf, &c.Models[i])
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write comparison: %w", err)
	}
	return nil
}

func writeMarkdownModel(buf *bytes.Buffer, m *ModelComparison) {
	fmt.Fprintf(buf, "### Model %s\n\n", mdCell(modelTitle(m)))

	counts := map[Status]int{}
	for _, ch := range m.Dataset {
		counts[ch.Status]++
	}
	fmt.Fprintf(buf, "<details><summary>Dataset values: %s, %s, %d worse, %d better, %d unchanged</summary>\n\n",
		countNoun(len(m.Dataset), "key", "keys"), countNoun(counts[StatusRegression], "regression", "regressions"),
		counts[StatusWorse]+counts[StatusChanged], counts[StatusBetter], counts[StatusUnchanged])
	buf.WriteString("| Key | Baseline | New | Change | Threshold | Status |\n| --- | ---: | ---: | ---: | ---: | --- |\n")
	for _, ch := range m.Dataset {
		status := string(ch.Status)
		if ch.Status == StatusRegression {
			status = "**regression**"
		}
		fmt.Fprintf(buf, "| %s | %s | %s | %s | %s | %s |\n", mdCell(ch.Key), formatValue(float64(ch.Baseline)),
			formatValue(float64(ch.New)), mdCell(changeText(ch)), mdCell(thresholdText(ch.Threshold)), status)
	}
	buf.WriteString("\n</details>\n\n")

	if m.PerImage && len(m.ImageKeys) > 0 {
		fmt.Fprintf(buf, "<details><summary>Per image: %s compared</summary>\n\n", countNoun(m.ImageKeys[0].Compared, "image", "images"))
		buf.WriteString("| Key | Better | Worse | Regression | Unchanged | Threshold | Largest worsening |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
		for _, k := range m.ImageKeys {
			fmt.Fprintf(buf, "| %s | %d | %d | %d | %d | %s | %s |\n", mdCell(k.Key), k.Better, k.Worse+k.Changed, k.Regression,
				k.Unchanged, mdCell(thresholdText(k.Threshold)), mdCell(worseningText(k.MaxWorsening)))
		}
		buf.WriteString("\n</details>\n\n")
	} else if !m.PerImage {
		buf.WriteString("Per-image values not compared: per_image.csv is missing on one side.\n\n")
	}

	if len(m.MissingImages) > 0 {
		fmt.Fprintf(buf, "Images evaluated in the baseline only (%d):\n\n", len(m.MissingImages))
		for _, mi := range m.MissingImages {
			fmt.Fprintf(buf, "- %s: %s\n", mdCell(mi.Name), mdCell(describeMissing(mi)))
		}
		buf.WriteString("\n")
	}
	if len(m.NewImages) > 0 {
		fmt.Fprintf(buf, "Images evaluated in the new run only (%d): %s.\n\n", len(m.NewImages), mdList(m.NewImages))
	}
}

// regressionDetail returns r.Message without its leading "model M: " and
// "image I: ", which the Model and Image columns of the Markdown table
// already show.
func regressionDetail(r Regression) string {
	detail := strings.TrimPrefix(r.Message, "model "+r.Model+": ")
	if r.Image != "" {
		detail = strings.TrimPrefix(detail, "image "+r.Image+": ")
	}
	return detail
}

// thresholdsText lists thresholds as KEY=VALUE in key order, "*" last.
func thresholdsText(ts Thresholds) string {
	if len(ts) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range ts.keys() {
		parts = append(parts, "`"+k+"="+ts[k].String()+"`")
	}
	if t, ok := ts[AnyKey]; ok {
		parts = append(parts, "`*="+t.String()+"`")
	}
	return strings.Join(parts, ", ")
}

// mdCell escapes text for a Markdown table cell: a pipe would end the cell
// and a newline the row.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	return s
}

func mdList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = mdCell(n)
	}
	return strings.Join(out, ", ")
}
