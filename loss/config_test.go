package loss

import (
	"maps"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want Config
	}{
		{
			name: "yaml",
			doc: `
task: General
lambdas_pix_last:
  bce: 30
  iou: 0.5
  mae: 100
  ssim: 10
  cnt: 0
lambdas_cls:
  ce: 5.0
`,
			want: Config{
				Task:           "General",
				LambdasPixLast: map[string]float64{"bce": 30, "iou": 0.5, "mae": 100, "ssim": 10, "cnt": 0},
				LambdasCls:     map[string]float64{"ce": 5},
			},
		},
		{
			name: "json",
			doc:  `{"lambdas_pix_last": {"bce": 30, "ssim": 1e1}, "lambdas_cls": {"ce": 2}}`,
			want: Config{LambdasPixLast: map[string]float64{"bce": 30, "ssim": 10}, LambdasCls: map[string]float64{"ce": 2}},
		},
		{
			name: "other keys ignored",
			doc:  "size: [1024, 1024]\nbatch_size: 4\nmodel: {name: BiRefNet}\nlambdas_pix_last: {bce: 1}\n",
			want: Config{LambdasPixLast: map[string]float64{"bce": 1}},
		},
		{name: "empty", doc: "", want: Config{}},
		{name: "null maps", doc: "lambdas_pix_last: null\nlambdas_cls: ~\n", want: Config{}},
	}
	for _, tt := range tests {
		got, err := ParseConfig([]byte(tt.doc))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got.Task != tt.want.Task || !maps.Equal(got.LambdasPixLast, tt.want.LambdasPixLast) || !maps.Equal(got.LambdasCls, tt.want.LambdasCls) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ name, doc, wantIn string }{
		{"syntax", "lambdas_pix_last: {bce: 1", "parse config"},
		{"top level list", "- bce\n- iou\n", "top level must be a mapping"},
		{"weights not a mapping", "lambdas_pix_last: [1, 2]\n", "lambdas_pix_last must be a mapping"},
		{"string value", "lambdas_pix_last:\n  bce: abc\n", `lambdas_pix_last.bce: invalid value "abc"`},
		{"bool value", "lambdas_pix_last:\n  iou: true\n", "lambdas_pix_last.iou: invalid value"},
		{"nested value", "lambdas_cls:\n  ce: {a: 1}\n", "lambdas_cls.ce: invalid value"},
		{"nan value", "lambdas_pix_last:\n  ssim: .nan\n", "lambdas_pix_last.ssim: invalid value"},
		{"inf value", "lambdas_pix_last:\n  ssim: .inf\n", "lambdas_pix_last.ssim: invalid value"},
		{"duplicate key", "lambdas_pix_last:\n  bce: 1\n  bce: 2\n", "bce"},
		{"task not a string", "task: [DIS5K]\n", "task must be a string"},
		{"task a number", "task: 5\n", "task must be a string"},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
			t.Errorf("%s: error = %v, want it to contain %q", tt.name, err, tt.wantIn)
		}
	}
}

// TestParseConfigLine checks that a bad value's error gives its line.
func TestParseConfigLine(t *testing.T) {
	_, err := ParseConfig([]byte("task: DIS5K\nlambdas_pix_last:\n  bce: 30\n  iou: half\n"))
	if err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("error = %v, want it to name line 4", err)
	}
}
