import { pyFloat, type PyJson } from '../python/index.js';
import type { SharedState, TaskRegistry } from './state.js';

/**
 * GET /sdapi/v1/progress (`modules/api/api.py`, `progressapi`): a 0.01 offset, the ETA computed
 * before clamping, and progress 0 when idle.
 */
export function sdapiProgress(
  state: SharedState,
  nowMs: number,
  options: { stoppingGeneration: boolean; skipCurrentImage: boolean },
): Record<string, PyJson> {
  const snapshot: Record<string, PyJson> = {
    skipped: state.skipped,
    interrupted: state.interrupted,
    ...(options.stoppingGeneration ? { stopping_generation: state.stoppingGeneration } : {}),
    job: state.job,
    job_count: state.jobCount,
    job_timestamp: state.jobTimestamp,
    job_no: state.jobNo,
    sampling_step: state.samplingStep,
    sampling_steps: state.samplingSteps,
  };
  if (state.jobCount === 0) {
    return { progress: 0, eta_relative: 0, state: snapshot, current_image: null, textinfo: state.textinfo };
  }
  let progress = 0.01;
  if (state.jobCount > 0) progress += state.jobNo / state.jobCount;
  if (state.samplingSteps > 0) progress += (1 / state.jobCount) * (state.samplingStep / state.samplingSteps);
  const elapsed = (nowMs - state.timeStart) / 1000;
  const eta = elapsed / progress - elapsed;
  return {
    progress: pyFloat(Math.min(progress, 1)),
    eta_relative: pyFloat(eta),
    state: snapshot,
    current_image: options.skipCurrentImage ? null : state.currentImage,
    textinfo: state.textinfo,
  };
}

export interface InternalProgressRequest {
  id_task: string | null;
  id_live_preview: number;
  live_preview: boolean;
}

/**
 * POST /internal/progress (`modules/progress.py`): per task, no offset, null ETA while progress
 * is 0, the live preview only when it is newer than the one the client has.
 */
export function internalProgress(
  state: SharedState,
  registry: TaskRegistry,
  request: InternalProgressRequest,
  nowMs: number,
  options: { queuePositionText: boolean; livePreviews: boolean },
): Record<string, PyJson> {
  const active = request.id_task === registry.current;
  const queued = request.id_task !== null && registry.pending.includes(request.id_task);
  const completed = request.id_task !== null && registry.finished.includes(request.id_task);
  if (!active) {
    const position = queued ? registry.pending.indexOf(request.id_task as string) + 1 : 0;
    const textinfo = queued
      ? options.queuePositionText
        ? `In queue: ${position}/${registry.pending.length}`
        : 'Queued...'
      : 'Waiting...';
    return { active, queued, completed, progress: null, eta: null, live_preview: null, id_live_preview: -1, textinfo };
  }
  let progress = 0;
  if (state.jobCount > 0) progress += state.jobNo / state.jobCount;
  if (state.samplingSteps > 0 && state.jobCount > 0)
    progress += (1 / state.jobCount) * (state.samplingStep / state.samplingSteps);
  progress = Math.min(progress, 1);
  const elapsed = (nowMs - state.timeStart) / 1000;
  const eta = progress > 0 ? elapsed / progress - elapsed : null;
  let livePreview: string | null = null;
  let idLivePreview = request.id_live_preview;
  if (
    options.livePreviews &&
    request.live_preview &&
    state.idLivePreview !== request.id_live_preview &&
    state.currentImage !== null
  ) {
    livePreview = `data:image/png;base64,${state.currentImage}`;
    idLivePreview = state.idLivePreview;
  }
  return {
    active,
    queued,
    completed,
    progress: pyFloat(progress),
    eta: eta === null ? null : pyFloat(eta),
    live_preview: livePreview,
    id_live_preview: idLivePreview,
    textinfo: state.textinfo,
  };
}
