package compare

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// AnyKey is the threshold key that applies to every key without a
// threshold of its own.
const AnyKey = "*"

// Threshold is the largest worsening of a value that is not a regression.
// An absolute threshold is in the unit of the value. A relative threshold
// is a fraction of the baseline's magnitude, so with a baseline of 0 any
// worsening exceeds it.
type Threshold struct {
	Limit    float64 // ≥ 0; a fraction when Relative
	Relative bool
}

// ParseThreshold parses an absolute threshold ("0.01") or a relative one
// ("2%", which is 0.02 of the baseline's magnitude).
func ParseThreshold(s string) (Threshold, error) {
	text := strings.TrimSpace(s)
	number, relative := strings.CutSuffix(text, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(number), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return Threshold{}, fmt.Errorf("invalid threshold %q: want a number ≥ 0 such as 0.01, or a percentage of the baseline such as 2%%", s)
	}
	if relative {
		return Threshold{Limit: v / 100, Relative: true}, nil
	}
	return Threshold{Limit: v}, nil
}

// String formats t as ParseThreshold reads it.
func (t Threshold) String() string {
	if t.Relative {
		return strconv.FormatFloat(t.Limit*100, 'g', -1, 64) + "%"
	}
	return strconv.FormatFloat(t.Limit, 'g', -1, 64)
}

// MarshalText encodes t as String does, so thresholds read back with
// ParseThreshold.
func (t Threshold) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText decodes a threshold as ParseThreshold does.
func (t *Threshold) UnmarshalText(text []byte) error {
	parsed, err := ParseThreshold(string(text))
	if err != nil {
		return err
	}
	*t = parsed
	return nil
}

// exceeded reports whether a worsening of a value whose baseline is base
// goes past t. A NaN worsening (the value became undefined) and an
// infinite one always do. A non-zero limit is widened by the rounding
// error of the subtraction that gave the worsening, 4·2⁻⁵² times the
// operands' magnitude. So 0.9 → 0.88 is within an absolute threshold of
// 0.02, as it is in decimal. A zero limit is not widened: any worsening
// exceeds it.
func (t Threshold) exceeded(base, worsening float64) bool {
	if math.IsNaN(worsening) || math.IsInf(worsening, 1) {
		return true
	}
	limit := t.Limit
	if t.Relative {
		limit = t.Limit * math.Abs(base)
	}
	if limit > 0 {
		limit += 4 * 0x1p-52 * (math.Abs(base) + math.Abs(worsening))
	}
	return worsening > limit
}

// Thresholds maps a key (a per_image.csv column such as "loss_total", a
// dataset metric such as "fm_max", or AnyKey) to its threshold.
type Thresholds map[string]Threshold

// ParseThresholds parses a comma-separated list of KEY=THRESHOLD, as in
// "loss_total=0.01,sm=0.5%,*=0.02". An empty string gives no thresholds.
func ParseThresholds(spec string) (Thresholds, error) {
	out := Thresholds{}
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, value, ok := strings.Cut(item, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Errorf("invalid threshold %q: want KEY=VALUE, such as loss_total=0.01 or sm=2%%", item)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("threshold for %q given twice", key)
		}
		t, err := ParseThreshold(value)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", key, err)
		}
		out[key] = t
	}
	return out, nil
}

// For returns the threshold of key: its own, else the AnyKey one.
func (ts Thresholds) For(key string) (Threshold, bool) {
	if t, ok := ts[key]; ok {
		return t, true
	}
	t, ok := ts[AnyKey]
	return t, ok
}

// Merge returns the thresholds of ts with those of over added, over's
// winning where both name a key.
func (ts Thresholds) Merge(over Thresholds) Thresholds {
	out := make(Thresholds, len(ts)+len(over))
	for k, t := range ts {
		out[k] = t
	}
	for k, t := range over {
		out[k] = t
	}
	return out
}

// keys returns the explicit keys of ts, sorted, without AnyKey.
func (ts Thresholds) keys() []string {
	var keys []string
	for k := range ts {
		if k != AnyKey {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// ThresholdFile is the content of a thresholds file.
type ThresholdFile struct {
	MaxRegress      Thresholds // dataset values
	MaxImageRegress Thresholds // per-image values
}

// ParseThresholdFile parses a thresholds file in YAML or JSON (JSON is read
// as YAML). Both maps are optional, and each value is a number (absolute)
// or a string such as "0.01" or "2%":
//
//	max_regress:
//	  loss_total: 0.01
//	  sm: 0.5%
//	max_image_regress:
//	  "*": 0.05
func ParseThresholdFile(data []byte) (ThresholdFile, error) {
	var raw struct {
		MaxRegress      map[string]yaml.Node `yaml:"max_regress"`
		MaxImageRegress map[string]yaml.Node `yaml:"max_image_regress"`
	}
	// Decode returns io.EOF for an empty file, which sets no thresholds.
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return ThresholdFile{}, fmt.Errorf("invalid thresholds file: %w (expected the maps max_regress and max_image_regress)", err)
	}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		pairs := doc.Content[0].Content // key, value, key, value, ...
		for i := 0; i+1 < len(pairs); i += 2 {
			if key := pairs[i]; key.Value != "max_regress" && key.Value != "max_image_regress" {
				return ThresholdFile{}, fmt.Errorf("invalid thresholds file: unknown key %q (line %d): expected max_regress and max_image_regress", key.Value, key.Line)
			}
		}
	}
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return ThresholdFile{}, fmt.Errorf("invalid thresholds file: %w (expected the maps max_regress and max_image_regress)", err)
	}
	var tf ThresholdFile
	var err error
	if tf.MaxRegress, err = thresholdsFromNodes("max_regress", raw.MaxRegress); err != nil {
		return ThresholdFile{}, err
	}
	if tf.MaxImageRegress, err = thresholdsFromNodes("max_image_regress", raw.MaxImageRegress); err != nil {
		return ThresholdFile{}, err
	}
	return tf, nil
}

func thresholdsFromNodes(section string, nodes map[string]yaml.Node) (Thresholds, error) {
	out := make(Thresholds, len(nodes))
	for key, node := range nodes {
		if node.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("invalid thresholds file: %s.%s (line %d): want a number or a string such as \"2%%\"", section, key, node.Line)
		}
		t, err := ParseThreshold(node.Value)
		if err != nil {
			return nil, fmt.Errorf("invalid thresholds file: %s.%s (line %d): %w", section, key, node.Line, err)
		}
		out[key] = t
	}
	return out, nil
}
