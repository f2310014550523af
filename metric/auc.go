package metric

// aucPR returns the area under the precision–recall curve given by the
// 256 threshold points (recall[t], precision[t]), t = 0…255. Recall does not
// increase with t, so the points are joined by trapezoids from t = 255 down to
// t = 0, and the curve is extended at the precision of t = 255 down to recall
// 0: no point is invented, and a prediction equal to its GT scores 1.
//
// Precision is 0 at a threshold that selects no pixel, the handlers'
// convention, so a constant prediction below 1 scores half the GT fraction. A
// stretched prediction always has a pixel at q = 255 and never meets that case.
func aucPR(precision, recall *[256]float64) float64 {
	area := 0.0
	prevR, prevP := 0.0, precision[255]
	for t := 255; t >= 0; t-- {
		area += (recall[t] - prevR) * (precision[t] + prevP) / 2
		prevR, prevP = recall[t], precision[t]
	}
	return area
}

// aucROC returns the area under the ROC curve given by the 256 threshold
// points (fpr[t], tpr[t]), joined by trapezoids from t = 255 down to t = 0,
// with (0, 0) before and (1, 1) after them. Rates whose class is absent are 0
// (an empty GT has TPR 0 everywhere and scores 0, and a full GT has FPR 0
// and scores 1). A constant prediction scores 0.5.
func aucROC(fpr, tpr *[256]float64) float64 {
	area := 0.0
	prevX, prevY := 0.0, 0.0
	for t := 255; t >= 0; t-- {
		area += (fpr[t] - prevX) * (tpr[t] + prevY) / 2
		prevX, prevY = fpr[t], tpr[t]
	}
	area += (1 - prevX) * (1 + prevY) / 2
	return area
}
