package metric

// pairwiseBlock is numpy's PW_BLOCKSIZE: ranges of at most this many elements
// are summed with eight interleaved accumulators, longer ranges are split in
// two and summed recursively.
const pairwiseBlock = 128

// pairwiseSum returns the sum of x in the order numpy 1.24's
// pairwise_sum_DOUBLE adds a contiguous float64 array, so that np.sum and
// np.mean are reproduced to the last bit. np.mean then divides by len(x).
func pairwiseSum(x []float64) float64 {
	n := len(x)
	if n < 8 {
		var sum float64
		for _, v := range x {
			sum += v
		}
		return sum
	}
	if n <= pairwiseBlock {
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += x[i+j]
			}
		}
		sum := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			sum += x[i]
		}
		return sum
	}
	half := n / 2
	half -= half % 8
	return pairwiseSum(x[:half]) + pairwiseSum(x[half:])
}

// pixelSums are numpy-ordered sums over all pixels of the normalised
// prediction p and the binarised GT g: Σp, Σ|p − g| and Σ(p − g)².
type pixelSums struct {
	p, absErr, sqErr float64
}

func (a pixelSums) add(b pixelSums) pixelSums {
	return pixelSums{a.p + b.p, a.absErr + b.absErr, a.sqErr + b.sqErr}
}

// sumPixels computes pixelSums over pred[lo:lo+n] with the same split points
// and addition order as pairwiseSum, without materialising p.
func sumPixels(pred []float64, gt []uint8, norm normalizer, lo, n int) pixelSums {
	if n < 8 {
		var s pixelSums
		for i := lo; i < lo+n; i++ {
			s = s.add(pixelTerms(pred[i], gt[i], norm))
		}
		return s
	}
	if n <= pairwiseBlock {
		var r [8]pixelSums
		for j := range r {
			r[j] = pixelTerms(pred[lo+j], gt[lo+j], norm)
		}
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				k := lo + i + j
				t := pixelTerms(pred[k], gt[k], norm)
				r[j].p += t.p
				r[j].absErr += t.absErr
				r[j].sqErr += t.sqErr
			}
		}
		s := r[0].add(r[1]).add(r[2].add(r[3])).add(r[4].add(r[5]).add(r[6].add(r[7])))
		for ; i < n; i++ {
			s = s.add(pixelTerms(pred[lo+i], gt[lo+i], norm))
		}
		return s
	}
	half := n / 2
	half -= half % 8
	return sumPixels(pred, gt, norm, lo, half).add(sumPixels(pred, gt, norm, lo+half, n-half))
}

func pixelTerms(pred float64, gt uint8, norm normalizer) pixelSums {
	p := norm.apply(pred)
	d := p
	if gt > gtThreshold {
		d = p - 1
	}
	if d < 0 {
		d = -d
	}
	return pixelSums{p: p, absErr: d, sqErr: d * d}
}

// pairwiseConstantSum returns pairwiseSum of n copies of c. numpy sums a
// constant array inexactly when c·k is not representable, and the S-measure
// needs to know whether its mean comes back as exactly c.
func pairwiseConstantSum(c float64, n int, memo map[int]float64) float64 {
	if v, ok := memo[n]; ok {
		return v
	}
	var sum float64
	switch {
	case n < 8:
		for range n {
			sum += c
		}
	case n <= pairwiseBlock:
		var r [8]float64
		for j := range r {
			r[j] = c
		}
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += c
			}
		}
		sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			sum += c
		}
	default:
		half := n / 2
		half -= half % 8
		sum = pairwiseConstantSum(c, half, memo) + pairwiseConstantSum(c, n-half, memo)
	}
	memo[n] = sum
	return sum
}
