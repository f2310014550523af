package metric

import (
	"fmt"
	"strings"
)

// group is one switchable metric group. The numeric order is the column order
// of Set.Keys.
type group uint

const (
	groupMAE group = iota
	groupMSE
	groupSm
	groupEm
	groupFm
	groupWFm
	groupIoU
	groupDice
	groupPre
	groupRec
	groupSpec
	groupBER
	groupFPR
	groupOA
	groupKappa
	groupF1
	groupAUC
	groupHCE
	groupMBA
	groupBIoU
	numGroups
)

// numDefaultGroups is the number of groups in DefaultSet: every group before
// HCE, mBA and boundary IoU, which cost more per image.
const numDefaultGroups = groupHCE

// groupNames are the names ParseSet accepts and Groups returns, indexed by group.
var groupNames = [numGroups]string{
	groupMAE:   "mae",
	groupMSE:   "mse",
	groupSm:    "sm",
	groupEm:    "em",
	groupFm:    "fm",
	groupWFm:   "wfm",
	groupIoU:   "iou",
	groupDice:  "dice",
	groupPre:   "pre",
	groupRec:   "rec",
	groupSpec:  "spec",
	groupBER:   "ber",
	groupFPR:   "fpr",
	groupOA:    "oa",
	groupKappa: "kappa",
	groupF1:    "f1",
	groupAUC:   "auc",
	groupHCE:   "hce",
	groupMBA:   "mba",
	groupBIoU:  "biou",
}

// firstHandler and lastHandler bound the FmeasureV2 handler groups.
const (
	firstHandler = groupIoU
	lastHandler  = groupF1
)

// Set is a selection of metric groups and the HCE mode. The zero value
// selects nothing, and its HCE mode is HCEDIS.
type Set struct {
	mask    uint32
	hceMode HCEMode
}

// DefaultSet returns the set of every metric group except hce, mba and biou.
func DefaultSet() Set {
	return Set{mask: 1<<numDefaultGroups - 1}
}

// WithHCEMode returns a copy of s whose hce group uses mode m. The mode
// matters only when s contains hce.
func (s Set) WithHCEMode(m HCEMode) Set {
	s.hceMode = m
	return s
}

// HCEMode returns the mode that the hce group uses.
func (s Set) HCEMode() HCEMode {
	return s.hceMode
}

// ParseSet parses a comma-separated list of group names: "mae", "mse", "sm",
// "em", "fm", "wfm", "auc", the FmeasureV2 handler names "iou", "dice", "pre",
// "rec", "spec", "ber", "fpr", "oa", "kappa", "f1", "handlers" for all ten
// handlers, and "hce", "mba", "biou". The whole list may also be "default"
// (DefaultSet), "all" (DefaultSet plus hce, mba and biou) or "none". Names
// are case-sensitive and surrounding spaces are ignored. The HCE mode of the
// result is HCEDIS; WithHCEMode changes it.
func ParseSet(list string) (Set, error) {
	switch strings.TrimSpace(list) {
	case "default":
		return DefaultSet(), nil
	case "all":
		return Set{mask: 1<<numGroups - 1}, nil
	case "none":
		return Set{}, nil
	}

	var s Set
	for _, item := range strings.Split(list, ",") {
		name := strings.TrimSpace(item)
		if name == "handlers" {
			for g := firstHandler; g <= lastHandler; g++ {
				s.mask |= 1 << g
			}
			continue
		}
		g, ok := lookupGroup(name)
		if !ok {
			return Set{}, fmt.Errorf("invalid metric group %q in %q: valid names are %s and handlers, "+
				"or default, all or none on its own", name, list, strings.Join(groupNames[:], ", "))
		}
		s.mask |= 1 << g
	}
	return s, nil
}

func lookupGroup(name string) (group, bool) {
	for g, n := range groupNames {
		if n == name {
			return group(g), true
		}
	}
	return 0, false
}

func (s Set) has(g group) bool {
	return s.mask&(1<<g) != 0
}

// needsCounts reports whether any enabled group uses the threshold counts.
func (s Set) needsCounts() bool {
	if s.has(groupEm) || s.has(groupFm) || s.has(groupAUC) {
		return true
	}
	for g := firstHandler; g <= lastHandler; g++ {
		if s.has(g) {
			return true
		}
	}
	return false
}

// Groups returns the names of the enabled groups in column order, one name per
// handler. An empty set gives an empty slice (ParseSet spells it "none").
func (s Set) Groups() []string {
	names := []string{}
	for g := group(0); g < numGroups; g++ {
		if s.has(g) {
			names = append(names, groupNames[g])
		}
	}
	return names
}

// Keys returns the per-image column keys of the enabled groups, in this order:
//
//	mae, mse, sm, em_adp, em_mean, em_max, fm_adp, fm_mean, fm_max, wfm,
//	then for each handler h of iou, dice, pre, rec, spec, ber, fpr, oa, kappa, f1:
//	h_adp, h_mean, h_max, h_bin,
//	then auc_pr, auc_roc, hce, mba, biou_bin, biou_mean, biou_max.
//
// Image.Values returns its values in the same order.
func (s Set) Keys() []string {
	return s.keys(false)
}

// datasetKeys returns the dataset scalar keys: the per-image keys with
// h_bin_pooled after each h_bin.
func (s Set) datasetKeys() []string {
	return s.keys(true)
}

func (s Set) keys(pooled bool) []string {
	var keys []string
	for g := group(0); g < numGroups; g++ {
		if !s.has(g) {
			continue
		}
		name := groupNames[g]
		switch {
		case g == groupMAE, g == groupMSE, g == groupSm, g == groupWFm, g == groupHCE, g == groupMBA:
			keys = append(keys, name)
		case g == groupEm, g == groupFm:
			keys = append(keys, name+"_adp", name+"_mean", name+"_max")
		case g >= firstHandler && g <= lastHandler:
			keys = append(keys, name+"_adp", name+"_mean", name+"_max", name+"_bin")
			if pooled {
				keys = append(keys, name+"_bin_pooled")
			}
		case g == groupAUC:
			keys = append(keys, "auc_pr", "auc_roc")
		case g == groupBIoU:
			keys = append(keys, "biou_bin", "biou_mean", "biou_max")
		}
	}
	return keys
}
