package report

import "strings"

// handlers are the binary-classification measures that the metric package
// computes at every threshold. Each one yields the per-image keys
// <h>_adp, <h>_mean, <h>_max and <h>_bin, the dataset key <h>_bin_pooled,
// and a curve named <h>.
var handlers = map[string]bool{
	"iou": false, "dice": false, "pre": false, "rec": false, "spec": false,
	"ber": true, "fpr": true, // error rates: lower is better
	"oa": false, "kappa": false, "f1": false,
}

// handlerSuffixes are the aggregations appended to a handler name.
var handlerSuffixes = []string{"_adp", "_mean", "_max", "_bin_pooled", "_bin"}

// metricDirections covers the metric keys and curve keys that are not
// built from a handler name. The value is true when lower is better.
var metricDirections = map[string]bool{
	"mae": true, "mse": true, "hce": true,
	"sm": false, "wfm": false,
	"em_adp": false, "em_mean": false, "em_max": false,
	"fm_adp": false, "fm_mean": false, "fm_max": false,
	"auc_pr": false, "auc_roc": false,
	"mba": false, "biou_bin": false, "biou_mean": false, "biou_max": false,
	// Curve keys.
	"precision": false, "recall": false, "fm": false, "em": false, "biou": false,
}

// Direction reports whether a lower value of key is better. Every key with
// the "loss_" prefix is a loss, so lower is better. Metric keys follow the
// field's convention: errors (mae, mse, hce, ber, fpr) are lower-is-better
// and every other measure is higher-is-better. Handler keys are matched by
// pattern (<h>_adp, <h>_mean, <h>_max, <h>_bin, <h>_bin_pooled and the
// curve <h>). known is false for a key outside this table, and then
// lowerIsBetter is false too.
func Direction(key string) (lowerIsBetter bool, known bool) {
	if strings.HasPrefix(key, "loss_") && len(key) > len("loss_") {
		return true, true
	}
	if lower, ok := metricDirections[key]; ok {
		return lower, true
	}
	if lower, ok := handlers[key]; ok {
		return lower, true
	}
	for _, suffix := range handlerSuffixes {
		name, found := strings.CutSuffix(key, suffix)
		if !found {
			continue
		}
		if lower, ok := handlers[name]; ok {
			return lower, true
		}
	}
	return false, false
}
