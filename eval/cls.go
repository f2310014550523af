package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ClsSample is the class logits and the true label of one image, the input
// of BiRefNet's auxiliary classification loss.
type ClsSample struct {
	Label  int
	Logits []float64
}

// ReadClsCSV parses a classification file. The header row is
//
//	name,label,logit_0,logit_1,...,logit_{K-1}
//
// and every following row gives an image name (the GT file name without its
// extension), the 0-based true class and K class logits (raw scores before
// softmax). Every row must have the same K. A name given twice is an error.
func ReadClsCSV(r io.Reader) (map[string]ClsSample, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("empty file: expected a header row name,label,logit_0,...")
	}
	if err != nil {
		return nil, err
	}
	if len(header) < 3 || strings.TrimSpace(header[0]) != "name" || strings.TrimSpace(header[1]) != "label" {
		return nil, fmt.Errorf("invalid header %q: expected name,label,logit_0,logit_1,...", strings.Join(header, ","))
	}
	classes := len(header) - 2
	samples := make(map[string]ClsSample)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		name := strings.TrimSpace(rec[0])
		if name == "" {
			return nil, fmt.Errorf("line %d: empty image name", line)
		}
		if _, dup := samples[name]; dup {
			return nil, fmt.Errorf("line %d: image %q is listed twice", line, name)
		}
		label, err := strconv.Atoi(strings.TrimSpace(rec[1]))
		if err != nil || label < 0 || label >= classes {
			return nil, fmt.Errorf("line %d: invalid label %q: expected an integer from 0 to %d", line, rec[1], classes-1)
		}
		logits := make([]float64, classes)
		for k := range logits {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[k+2]), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("line %d: invalid logit %q in column %s: expected a finite number", line, rec[k+2], header[k+2])
			}
			logits[k] = v
		}
		samples[name] = ClsSample{Label: label, Logits: logits}
	}
	return samples, nil
}
