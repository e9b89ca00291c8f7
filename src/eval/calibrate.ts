import { isUnanswerable, type EvalItem } from './dataset.js';
import { isCorrect, stripCitationMarkers } from './metrics.js';
import { historyOf, type EvalTarget, type TargetAnswer } from './target.js';

/** One question's confidence and whether answering it would be right. */
export interface CalibrationPoint {
  confidence: number;
  answerable: boolean;
  /** The answer it would give is correct (ignored for unanswerable questions). */
  correctIfAnswered: boolean;
}

/** The chosen abstention threshold and the accuracy it reaches on the calibration data. */
export interface Calibration {
  threshold: number;
  accuracy: number;
  n: number;
}

/**
 * The abstention threshold that maximises SQuAD 2.0 accuracy on the points
 * (abstain when confidence < threshold): a sweep over the midpoints between
 * observed confidences. Ties go to the lower threshold (abstain less).
 */
export function bestThreshold(points: CalibrationPoint[]): Calibration {
  const values = [...new Set(points.map((p) => p.confidence))].sort((a, b) => a - b);
  const candidates = [0, ...values.slice(1).map((v, i) => (values[i] + v) / 2), (values.at(-1) ?? 0) + 1e-9];
  let best: Calibration = { threshold: 0, accuracy: -1, n: points.length };
  for (const t of candidates) {
    const right = points.filter((p) => (p.confidence < t ? !p.answerable : p.answerable && p.correctIfAnswered)).length;
    const accuracy = points.length ? right / points.length : 0;
    if (accuracy > best.accuracy) best = { threshold: t, accuracy, n: points.length };
  }
  return best;
}

/** A target that reports a confidence and can be told where to abstain. */
export interface ThresholdTarget extends EvalTarget {
  /** Answer without abstaining, with the target's confidence. */
  answerRaw(request: Parameters<EvalTarget['ask']>[0], options?: Parameters<EvalTarget['ask']>[1]): Promise<TargetAnswer & { confidence: number }>;
  setThreshold(threshold: number): void;
}

/**
 * Calibrate a baseline's abstention threshold on a dataset's own gold
 * answers: answer every question without abstaining, then pick the threshold
 * with the best accuracy. This is the advantage the dev set gave Dossier's
 * own abstention threshold, so the comparison is like for like.
 */
export async function calibrateOn(target: ThresholdTarget, items: EvalItem[]): Promise<Calibration> {
  const points: CalibrationPoint[] = [];
  for (const item of items) {
    const r = await target.answerRaw({ question: item.question, history: historyOf(item) });
    points.push({
      confidence: r.confidence,
      answerable: !isUnanswerable(item),
      correctIfAnswered: isCorrect({ answer: stripCitationMarkers(r.answer), abstained: false, aliases: item.answers, match: item.match }),
    });
  }
  const calibration = bestThreshold(points);
  target.setThreshold(calibration.threshold);
  return calibration;
}
