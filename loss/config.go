package loss

import (
	"fmt"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DefaultClsWeight is lambdas_cls["ce"] in BiRefNet's config.py, the weight of
// the classification loss.
const DefaultClsWeight = 5.0

// Config holds the parts of a BiRefNet training configuration that weight
// the loss, as a user writes them in YAML or JSON.
type Config struct {
	LambdasPixLast map[string]float64 `json:"lambdas_pix_last" yaml:"lambdas_pix_last"`
	LambdasCls     map[string]float64 `json:"lambdas_cls" yaml:"lambdas_cls"`
	Task           string             `json:"task,omitempty" yaml:"task,omitempty"`
}

// ParseConfig parses a YAML or JSON document (JSON is read as YAML) with
// the optional top-level keys lambdas_pix_last and lambdas_cls (maps from
// key to number) and task (a string). Other top-level keys are ignored, so a
// whole training config can be given. A value of the wrong type, or a weight
// that is not a finite number, is an error naming its key, such as
// lambdas_pix_last.bce. ParseConfig does not check weight keys or task
// names: Weights.Apply and Preset do.
func ParseConfig(data []byte) (Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Config{}, fmt.Errorf("parse config: %w", err)
	}
	var cfg Config
	if len(doc.Content) == 0 {
		return cfg, nil // empty document
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return Config{}, fmt.Errorf("parse config: line %d: top level must be a mapping", root.Line)
	}

	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i].Value, root.Content[i+1]
		var err error
		switch key {
		case "lambdas_pix_last":
			cfg.LambdasPixLast, err = parseWeightMap(key, value)
		case "lambdas_cls":
			cfg.LambdasCls, err = parseWeightMap(key, value)
		case "task":
			if value.Kind != yaml.ScalarNode || value.Tag != "!!str" {
				err = fmt.Errorf("parse config: line %d: task must be a string", value.Line)
			} else {
				cfg.Task = value.Value
			}
		}
		if err != nil {
			return Config{}, err
		}
	}
	return cfg, nil
}

// parseWeightMap decodes a mapping from keys to finite numbers; null gives
// a nil map.
func parseWeightMap(name string, node *yaml.Node) (map[string]float64, error) {
	if node.Kind == yaml.ScalarNode && node.Tag == "!!null" {
		return nil, nil
	}
	if node.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("parse config: line %d: %s must be a mapping from key to number", node.Line, name)
	}
	out := make(map[string]float64, len(node.Content)/2)
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, value := node.Content[i].Value, node.Content[i+1]
		var v float64
		if value.Kind != yaml.ScalarNode || (value.Tag != "!!int" && value.Tag != "!!float") || value.Decode(&v) != nil ||
			math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("parse config: line %d: %s.%s: invalid value %q: want a finite number",
				value.Line, name, key, strings.TrimSpace(value.Value))
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("parse config: line %d: %s.%s given twice", value.Line, name, key)
		}
		out[key] = v
	}
	return out, nil
}
