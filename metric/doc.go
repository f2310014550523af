// Package metric computes the evaluation metrics of salient-object and
// dichotomous-image segmentation for one GT/prediction pair at a time, and
// aggregates them over a dataset, matching PySODMetrics 1.6.2
// (lartpang/PySODMetrics) to within 1e-6 on real data:
// MAE and MSE, the S-measure, the E-measure, the F-measure (β² = 0.3), the
// weighted F-measure (β = 1), the FmeasureV2 handlers (IoU, Dice, precision,
// recall, specificity, BER, FPR, overall accuracy, kappa, F1) and the areas
// under the PR and ROC curves.
//
// # Conventions
//
// Inputs follow PySODMetrics' defaults. The GT is binarised as value > 128.
// The prediction p = P/255 is min-max stretched, (p − min)/(max − min), unless
// it is constant, and a constant map keeps its value (all-128 stays 0.502).
// Curves use 256 thresholds t = 0…255 on q = trunc(255·p) (computed from the
// float64 p in that order), a pixel being selected when q ≥ t. The adaptive
// threshold is thr = min(2·mean(p), 1), selecting p ≥ thr. The mean is summed
// in numpy 1.24's order (pairwise within buffers of 8192 elements) because
// pixels lying exactly on thr flip with the summation order. The binary mode
// selects p > 0.5. ε = 2⁻⁵².
//
// A ratio whose denominator is 0 is 0, as in PySODMetrics: an empty GT gets
// recall, F and IoU 0 at every threshold, and an all-zero prediction selects
// every pixel adaptively (thr = 0).
//
// # Deviations from PySODMetrics 1.6.2
//
//   - S-measure: when the GT centroid rounds onto the last row or column, the
//     library takes the mean of an empty quadrant and returns NaN. Here an
//     empty quadrant contributes nothing to the region term.
//   - Kappa is Cohen's kappa with chance agreement
//     pₑ = [(TP + FP)(TP + FN) + (TN + FN)(TN + FP)]/N². The library's
//     KappaHandler uses (TN + FN)(TN + TP) as the second product.
//
// MSE = mean((p − g)²) is the metric of BiRefNet's evaluator, with the same
// pre-processing. PySODMetrics 1.6.2 computes no area under a curve.
// Version 1.5.0 reported the trapezoid over the 256 points of the mean
// curves alone, which leaves out the parts of the curves outside the
// thresholds' range (for a binary prediction, most of its ROC curve).
// This package closes the curves at their ends instead:
//
//   - auc_pr joins the 256 (recall, precision) points by trapezoids in order
//     of ascending recall (t = 255 down to 0) and extends the curve from the
//     t = 255 point to recall 0 at the same precision, so a prediction equal
//     to its GT scores 1. A threshold that selects nothing has precision 0,
//     so a constant prediction below 1 scores half the GT fraction. A
//     stretched prediction always has a pixel at q = 255.
//   - auc_roc joins the (FPR, TPR) points by trapezoids, with (0, 0) before
//     and (1, 1) after them. A rate whose class is absent is 0, so an empty
//     GT scores 0 and a full GT 1. A constant prediction scores 0.5.
//
// # HCE, mBA and boundary IoU
//
// Three opt-in groups, outside DefaultSet because they cost more per image,
// come from BiRefNet's evaluator and the DIS benchmark:
//
//   - hce, human correction efforts (Qin et al., ECCV 2022): the polygon
//     vertices and independent regions needed to fix the false positives and
//     false negatives, an integer per image. Set.WithHCEMode selects the DIS
//     script's variant (HCEDIS, the default: P > 128 on the raw map) or
//     PySODMetrics' (HCEPySOD: p > 0.5 on the stretched map). They also
//     differ when an error region covers the whole image (0 regions in DIS,
//     1 in PySODMetrics). The reference per-image values of PySODMetrics
//     1.6.2 are matched exactly.
//   - mba, BiRefNet's mean boundary accuracy (from CascadePSP), NaN when the
//     GT is empty or all foreground.
//   - biou: biou_bin is the standard boundary IoU of Cheng et al. (CVPR 2021)
//     with the prediction binarised as p > 0.5, and biou_mean and biou_max
//     come from BiRefNet's 256-threshold curve on the grey boundary of q.
//
// pred holds P/255, so the raw test P > 128 of the DIS script and of mBA is
// pred > 128.5/255: exact for values k/255, and the same boundary for a
// resized float prediction.
//
// # Dataset values
//
// Per-image scalars are averaged over images. Curves are averaged point by
// point, and the _mean and _max values of a dataset are the mean and the
// maximum of that mean curve, not means of per-image maxima. The _bin_pooled
// values apply a handler to the confusion counts summed over the dataset.
// auc_pr and auc_roc of a dataset are the areas under its mean curves, the
// curves a report plots. hce, mba and biou_bin are means over images, and
// biou_mean and biou_max come from the mean curve "biou".
//
// # Cost
//
// Compute reads the pixels in a few passes. A range pass and a summation pass
// come first. One counting pass then fills 256-bin histograms of q inside and
// outside the GT, whose reversed cumulative sums give every curve, and
// collects the S-measure sums. The weighted F-measure takes two more passes
// for its exact Euclidean feature transform, which is separable: a column
// pass, then a lower envelope of parabolas per row.
package metric
