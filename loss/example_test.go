package loss_test

import (
	"fmt"

	"github.com/birefloss/birefloss/loss"
)

// levels builds an Input from the 8-bit levels of a prediction and a GT.
func levels(w, h int, pred, gt []uint8) loss.Input {
	in := loss.Input{Width: w, Height: h, P: make([]float64, w*h), G: make([]float64, w*h), P8: pred, G8: gt}
	for i := range pred {
		in.P[i] = float64(pred[i]) / 255
		in.G[i] = float64(gt[i]) / 255
	}
	return in
}

// A 4×4 GT with a 2×2 foreground square, and a prediction that is confident
// on the square and slightly wrong on one background pixel.
func ExampleCompute() {
	gt := []uint8{
		0, 0, 0, 0,
		0, 255, 255, 0,
		0, 255, 255, 0,
		0, 0, 0, 0,
	}
	pred := []uint8{
		0, 0, 0, 51,
		0, 255, 255, 0,
		0, 255, 255, 0,
		0, 0, 0, 0,
	}
	set, err := loss.ParseSet("bce,iou,mae,cnt")
	if err != nil {
		panic(err)
	}
	v := loss.Compute(levels(4, 4, pred, gt), set)
	for _, c := range []loss.Component{loss.BCE, loss.IoU, loss.MAE, loss.Cnt, loss.SSIM} {
		fmt.Printf("%-4s %.6f\n", c.Key(), v[c])
	}
	// Output:
	// bce  0.013946
	// iou  0.047619
	// mae  0.012500
	// cnt  4.048534
	// ssim NaN
}

// An all-zero prediction on an all-zero GT: BiRefNet's IoU is 0/0 there,
// this package defines it as 0.
func ExampleCompute_emptyPair() {
	zeros := make([]uint8, 16*16)
	v := loss.Compute(levels(16, 16, zeros, zeros), loss.AllComponents())
	fmt.Printf("iou %v, iou_patch %v, structure %.4f\n", v[loss.IoU], v[loss.IoUPatch], v[loss.Structure])
	// Output:
	// iou 0, iou_patch 0, structure 1.6854
}

func ExampleWeights_Total() {
	var v loss.Values
	v[loss.BCE], v[loss.IoU], v[loss.SSIM], v[loss.MAE] = 0.1, 0.2, 0.05, 0.01
	for _, task := range []string{"DIS5K", "General", "Matting"} {
		w, err := loss.Preset(task)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-7s %.2f\n", task, w.Total(v))
	}
	// Output:
	// DIS5K   3.60
	// General 4.60
	// Matting 4.50
}

func ExampleWeights_Apply() {
	w, err := loss.Preset("DIS5K")
	if err != nil {
		panic(err)
	}
	overrides, err := loss.ParseWeights("bce=1,cnt=5")
	if err != nil {
		panic(err)
	}
	w, err = w.Apply(overrides)
	if err != nil {
		panic(err)
	}
	fmt.Println(w["bce"], w["iou"], w["ssim"], w["cnt"])
	fmt.Println(w.Missing(loss.Set{loss.BCE: true, loss.IoU: true}))

	_, err = w.Apply(map[string]float64{"bce_loss": 1})
	fmt.Println(err)
	// Output:
	// 1 0.5 10 5
	// [ssim cnt]
	// unknown weight "bce_loss": valid keys are bce, iou, iou_patch, mae, mse, triplet, reg, ssim, cnt, structure
}

func ExampleParseConfig() {
	cfg, err := loss.ParseConfig([]byte(`
task: Matting
lambdas_pix_last: {bce: 30, mae: 100, ssim: 10}
lambdas_cls: {ce: 5.0}
batch_size: 4
`))
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.Task, cfg.LambdasPixLast["mae"], cfg.LambdasCls["ce"])
	// Output:
	// Matting 100 5
}

func ExampleCrossEntropy() {
	ce, err := loss.CrossEntropy([]float64{2, 0.5, -1}, 0)
	if err != nil {
		panic(err)
	}
	fmt.Printf("ce %.7f, weighted %.7f\n", ce, loss.DefaultClsWeight*ce)
	// Output:
	// ce 0.2413113, weighted 1.2065565
}
