import { describe, expect, it } from 'vitest';
import { fastapiJson } from '../../../fastapi/python-json/index.js';
import { HISTORY_LIMIT, SdnextState } from './index.js';
import { progressReport, statusReport } from './reports.js';

describe("SD.Next's shared state", () => {
  it('answers as SD.Next does at start (the probed idle /status and /progress)', () => {
    const state = new SdnextState(1000);
    expect(fastapiJson(statusReport(state, 1001))).toBe(
      '{"status":"idle","task":"","timestamp":null,"current":"","id":0,"job":0,"jobs":0,"total":0,"step":0,"steps":0,"queued":0,"uptime":1,"elapsed":null,"eta":null,"progress":0.0}',
    );
    expect(fastapiJson(progressReport(state, 1001, false))).toBe(
      '{"id":0,"progress":0.0,"eta_relative":0.0,"state":{"skipped":false,"interrupted":false,"job":"","job_count":0,"job_timestamp":"0","job_no":0,"sampling_step":0,"sampling_steps":0},"current_image":null,"textinfo":null}',
    );
  });

  it('gives every begin a new 15-hex id and logs begin and end, the end with its duration', () => {
    const state = new SdnextState(0);
    const outer = state.begin('API-TXT', 10);
    const inner = state.begin('Inference', 10.5);
    expect(outer).toMatch(/^[0-9a-f]{15}$/);
    expect(inner).not.toBe(outer);
    expect(state.id).toBe(inner);
    state.end(inner, 12);
    expect(state.id).toBe('');
    state.end(outer, 13.25);
    expect(state.entries().map(({ id, job, op }) => [id, job, op])).toEqual([
      [outer, 'api-txt', 'begin'],
      [inner, 'inference', 'begin'],
      [inner, 'inference', 'end'],
      [outer, 'api-txt', 'end'],
    ]);
    expect(state.entries().map((entry) => entry.duration?.value ?? null)).toEqual([null, null, 1.5, 3.25]);
    expect(state.entries(inner)).toHaveLength(2);
  });

  it('reports the current phase: steps over the phase, ETA from its start', () => {
    const state = new SdnextState(0);
    state.begin('Inference', 100);
    state.samplingSteps = 20;
    state.samplingStep = 5;
    const report = progressReport(state, 104, true);
    expect(fastapiJson([report.progress ?? null, report.eta_relative ?? null])).toBe('[0.25,12.0]');
    expect(statusReport(state, 104)).toMatchObject({ status: 'running', task: 'Inference', step: 5, steps: 20 });
  });

  it('keeps an interrupt until the next job begins (an idle interrupt included), a Save job excepted', () => {
    const state = new SdnextState(0);
    state.interrupt();
    expect(statusReport(state, 1).status).toBe('interrupted');
    state.begin('Save', 2);
    expect(state.interrupted).toBe(true);
    state.begin('Process', 3);
    expect(statusReport(state, 3).status).toBe('running');
  });

  it('keeps the newest 10,000 history entries', () => {
    const state = new SdnextState(0);
    for (let i = 0; i < HISTORY_LIMIT / 2 + 10; i++) state.end(state.begin('Job', i), i);
    expect(state.entries()).toHaveLength(HISTORY_LIMIT);
  });
});
