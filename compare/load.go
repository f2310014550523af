package compare

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/birefloss/birefloss/report"
)

// File names that birefloss eval writes into its output folder.
const (
	SummaryFile  = "summary.json"
	PerImageFile = "per_image.csv"
)

// Result is one side of a comparison: a summary.json document and, when one
// sits in the same folder, the per_image.csv written with it.
type Result struct {
	SummaryPath  string
	PerImagePath string // empty when the folder has no per_image.csv
	Summary      *report.Summary
	PerImage     *report.PerImage // nil when PerImagePath is empty
}

// Load reads a result from path, which is either a summary.json file (of
// any name) or an output folder that contains summary.json. The
// per_image.csv in the same folder is read too when it exists; without it
// only dataset values can be compared. Load rejects a summary of an
// unsupported schema version and a per_image.csv whose models or columns
// differ from its summary's.
func Load(path string) (*Result, error) {
	return LoadFiles(path, "")
}

// LoadFiles reads a result as Load does, but from an explicit
// per_image.csv path when perImagePath is not empty. That file must exist.
func LoadFiles(path, perImagePath string) (*Result, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w: give a summary.json file or the output folder of birefloss eval", path, fs.ErrNotExist)
	}
	if err != nil {
		return nil, err
	}
	summaryPath := path
	if info.IsDir() {
		summaryPath = filepath.Join(path, SummaryFile)
	}
	summary, err := readSummaryFile(summaryPath)
	if err != nil {
		return nil, err
	}
	res := &Result{SummaryPath: summaryPath, Summary: summary}

	optional := perImagePath == ""
	if optional {
		perImagePath = filepath.Join(filepath.Dir(summaryPath), PerImageFile)
	}
	perImage, err := readPerImageFile(perImagePath)
	if optional && errors.Is(err, fs.ErrNotExist) {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	if err := checkPerImage(summary, perImage); err != nil {
		return nil, fmt.Errorf("%s does not belong to %s: %w", perImagePath, summaryPath, err)
	}
	res.PerImagePath = perImagePath
	res.PerImage = perImage
	return res, nil
}

// FromSaved wraps values already in memory, such as the outputs of the
// evaluation that just ran, as a Result. perImage may be nil.
func FromSaved(summaryPath string, summary *report.Summary, perImagePath string, perImage *report.PerImage) (*Result, error) {
	if summary == nil {
		return nil, errors.New("no summary to compare")
	}
	res := &Result{SummaryPath: summaryPath, Summary: summary}
	if perImage == nil {
		return res, nil
	}
	if err := checkPerImage(summary, perImage); err != nil {
		return nil, fmt.Errorf("per-image values do not belong to the summary: %w", err)
	}
	res.PerImagePath = perImagePath
	res.PerImage = perImage
	return res, nil
}

func readSummaryFile(path string) (*report.Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := report.ReadSummary(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func readPerImageFile(path string) (*report.PerImage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := report.ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// checkPerImage rejects per-image values written by another run than the
// summary: other value columns, a model the summary lacks, or a model with
// another number of rows than the summary counts.
func checkPerImage(s *report.Summary, p *report.PerImage) error {
	if !slices.Equal(p.LossKeys, s.Columns.Losses) {
		return fmt.Errorf("loss columns %v, the summary lists %v", p.LossKeys, s.Columns.Losses)
	}
	if !slices.Equal(p.MetricKeys, s.Columns.Metrics) {
		return fmt.Errorf("metric columns %v, the summary lists %v", p.MetricKeys, s.Columns.Metrics)
	}
	rows := make(map[string]int, len(p.Models))
	for _, m := range p.Models {
		rows[m.Name] = len(m.Rows)
	}
	for _, m := range s.Models {
		want := m.Counts.Evaluated + m.Counts.Failed
		if rows[m.Name] != want {
			return fmt.Errorf("model %q has %d rows, the summary counts %d evaluated and failed pairs", m.Name, rows[m.Name], want)
		}
		delete(rows, m.Name)
	}
	for _, m := range p.Models {
		if _, extra := rows[m.Name]; extra {
			return fmt.Errorf("model %q is not in the summary", m.Name)
		}
	}
	return nil
}
