import { pyFloat, type PyJson } from '../../python/index.js';
import type { SdnextState } from './index.js';

/** Python's `round(x, digits)` (half-up here; the two differ only on exact binary ties). */
const round = (value: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/**
 * GET /sdapi/v1/progress (`server.py` `get_progress`): idle (no job and no step) is zeros; else the
 * progress of the current phase, `(steps × job_no + step) / (steps × job_count)`, and the ETA from
 * the time since that phase began. Like the real handler it grows `sampling_steps` when the step
 * counter has run past it.
 */
export function progressReport(state: SdnextState, now: number, skipCurrentImage: boolean): Record<string, PyJson> {
  if (state.jobCount === 0 && state.samplingStep === 0) {
    return {
      id: state.id,
      progress: pyFloat(0),
      eta_relative: pyFloat(0),
      state: state.dict(),
      current_image: null,
      textinfo: state.textinfo,
    };
  }
  const currentImage = state.currentImage !== null && !skipCurrentImage ? state.currentImage : null;
  const batchX = Math.max(state.jobNo, 0);
  const batchY = Math.max(state.jobCount, 1);
  const stepX = Math.max(state.samplingStep, 0);
  const previous = Math.max(state.samplingSteps, 1);
  while (stepX > state.samplingSteps) state.samplingSteps += previous;
  const stepY = Math.max(state.samplingSteps, 1);
  const current = stepY * batchX + stepX;
  const total = stepY * batchY;
  const progress = Math.min(current > 0 && total > 0 ? current / total : 0, 1);
  const since = now - (state.timeStart ?? now);
  const eta = progress > 0 ? since / progress - since : 0;
  return {
    id: state.id,
    progress: pyFloat(round(progress, 2)),
    eta_relative: pyFloat(round(eta, 2)),
    state: state.dict(),
    current_image: currentImage,
    textinfo: state.textinfo,
  };
}

/**
 * GET /sdapi/v1/status (`State.status()`): the status word (an interrupt or skip is reported until
 * the next job begins), steps counted over the jobs, elapsed and ETA in seconds. API calls are never
 * queued tasks, so `queued` is 0 and `current` (the UI's task) is empty.
 */
export function statusReport(state: SdnextState, now: number): Record<string, PyJson> {
  const job = Math.max(state.jobNo, 0);
  const jobs = Math.max(state.frameCount, state.jobCount, state.jobNo);
  const step = state.samplingSteps * job + state.samplingStep;
  const steps = state.samplingSteps * jobs;
  const progress = round(Math.min(1, steps > 0 ? Math.abs(step / steps) : 0), 2);
  const elapsed = state.timeStart === null ? null : round(now - state.timeStart, 2);
  const predicted = progress > 0 && elapsed !== null ? round(elapsed / progress, 2) : null;
  const eta = predicted === null || elapsed === null ? null : round(predicted - elapsed, 2);
  const status = state.paused
    ? 'paused'
    : state.interrupted
      ? 'interrupted'
      : state.skipped
        ? 'skipped'
        : state.job !== ''
          ? 'running'
          : 'idle';
  return {
    status,
    task: state.job,
    timestamp: state.job !== '' ? state.jobTimestamp : null,
    current: '',
    id: state.id,
    job,
    jobs,
    total: state.totalJobs,
    step,
    steps,
    queued: 0,
    uptime: Math.round(now - state.serverStart),
    elapsed: elapsed === null ? null : pyFloat(elapsed),
    eta: eta === null ? null : pyFloat(eta),
    progress: pyFloat(progress),
  };
}
