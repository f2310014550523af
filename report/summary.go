package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// SchemaVersion is the version of the summary.json layout that Summarize
// writes. It changes whenever a field is renamed, removed or changes
// meaning. docs/schema.md describes each version.
const SchemaVersion = 1

// supportedSchemaVersions are the summary.json versions ReadSummary accepts.
var supportedSchemaVersions = []int{SchemaVersion}

// Float is a float64 that encodes NaN and ±Inf as JSON null, which JSON
// has no number for. Null decodes as NaN, so an infinity does not survive
// a round trip.
type Float float64

// MarshalJSON encodes f as encoding/json encodes a float64, or as null
// when f is NaN or infinite. Negative zero is encoded as 0, not -0.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(positiveZero(v))
}

// UnmarshalJSON decodes a JSON number, or null as NaN.
func (f *Float) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(data), 64)
	if err != nil {
		return fmt.Errorf("invalid number %s", data)
	}
	*f = Float(v)
	return nil
}

// Summary is the summary.json document. Lists and maps are empty, never
// null, when there is nothing to record.
type Summary struct {
	SchemaVersion int            `json:"schema_version"`
	Tool          ToolInfo       `json:"tool"`
	Settings      Settings       `json:"settings"`
	Columns       Columns        `json:"columns"`
	GT            GTSummary      `json:"gt"`
	Models        []ModelSummary `json:"models"`
}

// ToolInfo names the program that wrote the summary.
type ToolInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Columns are the per-image value columns, in per_image.csv order.
type Columns struct {
	Losses  []string `json:"losses"`
	Metrics []string `json:"metrics"`
}

// GTSummary describes the GT folder: the number of GT names that define
// the evaluation set, and the names left out because several GT files
// share them.
type GTSummary struct {
	Count     int             `json:"count"`
	Ambiguous []AmbiguousName `json:"ambiguous"`
}

// ModelSummary is one model's aggregates and caveats.
type ModelSummary struct {
	Name    string   `json:"name"`
	PredDir string   `json:"pred_dir"`
	Levels  []string `json:"levels"`
	ClsFile string   `json:"cls_file"`
	Counts  Counts   `json:"counts"`

	// Losses and MetricStats summarise the per-image columns, by key.
	Losses      map[string]Stats `json:"losses"`
	MetricStats map[string]Stats `json:"metric_stats"`
	// Metrics are the dataset metric values (Model.Scalars), by key.
	Metrics map[string]Float `json:"metrics"`
	// Curves are the dataset curves at thresholds 0..255, by key.
	Curves map[string][]Float `json:"curves"`

	Missing   []string        `json:"missing"`
	Extra     []string        `json:"extra"`
	Ambiguous []AmbiguousName `json:"ambiguous"`
	Failed    []FailedPair    `json:"failed"`
	Resized   []ResizedPair   `json:"resized"`
	ZeroOne   []string        `json:"zero_one"`
	Warnings  []string        `json:"warnings"`
}

// Counts are the sizes of a model's row groups and caveat lists.
// Evaluated and Failed partition the model's rows.
type Counts struct {
	GT        int `json:"gt"`        // Run.GTCount, the same for every model
	Evaluated int `json:"evaluated"` // rows without an error
	Failed    int `json:"failed"`    // rows with an error
	Missing   int `json:"missing"`
	Extra     int `json:"extra"`
	Ambiguous int `json:"ambiguous"`
	Resized   int `json:"resized"`
	ZeroOne   int `json:"zero_one"`
}

// AmbiguousName is a name that matches several files in one folder.
type AmbiguousName struct {
	Name  string   `json:"name"`
	Files []string `json:"files"`
}

// FailedPair is a pair that produced no values, with the reason.
type FailedPair struct {
	Name     string `json:"name"`
	GTFile   string `json:"gt_file"`
	PredFile string `json:"pred_file"`
	Error    string `json:"error"`
}

// ResizedPair is a prediction resized to its GT size. From and To are
// [width, height] in pixels.
type ResizedPair struct {
	Name string `json:"name"`
	From [2]int `json:"from"`
	To   [2]int `json:"to"`
}

// Summarize builds the summary.json document of run. The result shares no
// slices with run except the Settings maps.
func Summarize(run *Run) *Summary {
	s := &Summary{
		SchemaVersion: SchemaVersion,
		Tool:          ToolInfo{Name: run.Tool, Version: run.Version},
		Settings:      normalizeSettings(run.Settings),
		Columns: Columns{
			Losses:  nonNil(run.LossKeys),
			Metrics: nonNil(run.MetricKeys),
		},
		GT: GTSummary{
			Count:     run.GTCount,
			Ambiguous: ambiguousNames(run.GTAmbiguous),
		},
		Models: make([]ModelSummary, 0, len(run.Models)),
	}
	for i := range run.Models {
		s.Models = append(s.Models, summarizeModel(run, &run.Models[i]))
	}
	return s
}

func summarizeModel(run *Run, m *Model) ModelSummary {
	ms := ModelSummary{
		Name:        m.Name,
		PredDir:     m.PredDir,
		Levels:      nonNil(m.Levels),
		ClsFile:     m.ClsFile,
		Losses:      make(map[string]Stats, len(run.LossKeys)),
		MetricStats: make(map[string]Stats, len(run.MetricKeys)),
		Metrics:     make(map[string]Float, len(m.Scalars)),
		Curves:      make(map[string][]Float, len(m.Curves)),
		Missing:     nonNil(m.Missing),
		Extra:       nonNil(m.Extra),
		Ambiguous:   ambiguousNames(m.Ambiguous),
		Failed:      []FailedPair{},
		Resized:     make([]ResizedPair, 0, len(m.Resized)),
		ZeroOne:     nonNil(m.ZeroOne),
		Warnings:    nonNil(m.Warnings),
	}

	// Per-image columns: losses first, then metrics, as in Row.Values.
	var buf []float64
	for col, key := range run.LossKeys {
		values, nans, infs := columnValues(m, col, buf)
		ms.Losses[key] = computeStats(values, nans, infs)
		buf = values
	}
	for j, key := range run.MetricKeys {
		values, nans, infs := columnValues(m, len(run.LossKeys)+j, buf)
		ms.MetricStats[key] = computeStats(values, nans, infs)
		buf = values
	}

	// Dataset values.
	for _, sc := range m.Scalars {
		ms.Metrics[sc.Key] = Float(sc.Value)
	}
	for _, c := range m.Curves {
		values := make([]Float, len(c.Values))
		for i, v := range c.Values {
			values[i] = Float(v)
		}
		ms.Curves[c.Key] = values
	}

	// Caveats and counts.
	for i := range m.Rows {
		row := &m.Rows[i]
		if row.Err == "" {
			ms.Counts.Evaluated++
			continue
		}
		ms.Counts.Failed++
		ms.Failed = append(ms.Failed, FailedPair{Name: row.Name, GTFile: row.GTFile, PredFile: row.PredFile, Error: row.Err})
	}
	for _, r := range m.Resized {
		ms.Resized = append(ms.Resized, ResizedPair{
			Name: r.Name,
			From: [2]int{r.FromWidth, r.FromHeight},
			To:   [2]int{r.ToWidth, r.ToHeight},
		})
	}
	ms.Counts.GT = run.GTCount
	ms.Counts.Missing = len(m.Missing)
	ms.Counts.Extra = len(m.Extra)
	ms.Counts.Ambiguous = len(m.Ambiguous)
	ms.Counts.Resized = len(m.Resized)
	ms.Counts.ZeroOne = len(m.ZeroOne)
	return ms
}

// normalizeSettings returns a copy of s whose nil maps and slices are
// empty, so that they encode as {} and [] instead of null.
func normalizeSettings(s Settings) Settings {
	if s.Weights == nil {
		s.Weights = map[string]float64{}
	}
	if s.ClsWeights == nil {
		s.ClsWeights = map[string]float64{}
	}
	s.Losses = nonNil(s.Losses)
	s.Metrics = nonNil(s.Metrics)
	return s
}

func ambiguousNames(list []Ambiguous) []AmbiguousName {
	out := make([]AmbiguousName, 0, len(list))
	for _, a := range list {
		out = append(out, AmbiguousName{Name: a.Name, Files: nonNil(a.Files)})
	}
	return out
}

// nonNil returns a copy of list that is empty rather than nil.
func nonNil(list []string) []string {
	out := make([]string, len(list))
	copy(out, list)
	return out
}

// WriteJSON writes s as indented JSON (two spaces) with a trailing newline.
// Map keys come out sorted, so equal summaries give identical bytes.
func WriteJSON(w io.Writer, s *Summary) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	data = append(data, '\n')
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// ReadSummary decodes a summary.json document. It rejects a document
// without schema_version, or with a version this package does not read.
func ReadSummary(r io.Reader) (*Summary, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read summary: %w", err)
	}

	// Check the version before decoding the rest, whose layout depends on it.
	var header struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(data, &header); err != nil {
		return nil, fmt.Errorf("decode summary: %w", err)
	}
	if header.SchemaVersion == nil {
		return nil, errors.New("decode summary: missing schema_version, so the file is not a birefloss summary.json")
	}
	if v := *header.SchemaVersion; !slices.Contains(supportedSchemaVersions, v) {
		return nil, fmt.Errorf("unsupported summary schema_version %d: this birefloss reads version %s, so read the file with the birefloss release that wrote it",
			v, joinInts(supportedSchemaVersions))
	}

	var s Summary
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decode summary: %w", err)
	}
	return &s, nil
}

func joinInts(list []int) string {
	var b bytes.Buffer
	for i, v := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(v))
	}
	return b.String()
}
