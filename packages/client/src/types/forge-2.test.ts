import { describe, expectTypeOf, it } from 'vitest';
import type { TargetPaths } from '../raw-client/index.js';

type Body<T extends keyof TargetPaths> = NonNullable<
  TargetPaths[T]['/sdapi/v1/txt2img']['post']['requestBody']
>['content']['application/json'];
type Has<T, K extends string> = K extends keyof T ? true : false;

describe('the forge-2 target types', () => {
  it("types Forge's generation fields, absent from 1.10", () => {
    expectTypeOf<Body<'forge-2'>['distilled_cfg_scale']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Body<'forge-2'>['hr_additional_modules']>().toEqualTypeOf<string[] | null | undefined>();
    expectTypeOf<Has<Body<'a1111-1.10'>, 'hr_cfg'>>().toEqualTypeOf<false>();
  });

  it('has /sdapi/v1/sd-modules and not /sdapi/v1/sd-vae', () => {
    expectTypeOf<Has<TargetPaths['forge-2'], '/sdapi/v1/sd-modules'>>().toEqualTypeOf<true>();
    expectTypeOf<Has<TargetPaths['forge-2'], '/sdapi/v1/sd-vae'>>().toEqualTypeOf<false>();
    expectTypeOf<Has<TargetPaths['forge-2'], '/sdapi/v1/train/embedding'>>().toEqualTypeOf<false>();
  });

  it("types Forge's error body", () => {
    type ErrorBody =
      TargetPaths['forge-2']['/sdapi/v1/sd-models']['get']['responses']['default']['content']['application/json'];
    expectTypeOf<ErrorBody['message']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Has<ErrorBody, 'errors'>>().toEqualTypeOf<false>();
  });
});
