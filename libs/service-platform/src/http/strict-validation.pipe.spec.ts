import { IsInt, Min } from 'class-validator';
import {
  ApplicationIdParams,
  RequestValidationException,
  StrictValidationPipe,
} from './strict-validation.pipe.js';

class Body {
  @IsInt()
  @Min(1)
  amount!: number;
}

const pipe = new StrictValidationPipe();
const violationsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestValidationException) return error.violations;
    throw error;
  }
  throw new Error('expected a RequestValidationException');
};

describe('StrictValidationPipe', () => {
  it('validates a body and rejects unknown properties', () => {
    expect(pipe.transform({ amount: 3 }, { type: 'body', metatype: Body })).toEqual({ amount: 3 });
    expect(
      violationsOf(() => pipe.transform({ amount: 0, amuont: 3 }, { type: 'body', metatype: Body })).map(
        (v) => v.field,
      ),
    ).toEqual(expect.arrayContaining(['amount', 'amuont']));
  });

  it('validates route parameters taken into a class: the id must be a UUID', () => {
    const id = '8fe75d44-1c28-4e2d-b2b6-4afa443628b0';
    expect(pipe.transform({ applicationId: id }, { type: 'param', metatype: ApplicationIdParams })).toEqual({
      applicationId: id,
    });
    expect(
      violationsOf(() =>
        pipe.transform({ applicationId: "1' OR '1'='1" }, { type: 'param', metatype: ApplicationIdParams }),
      ),
    ).toEqual([
      expect.objectContaining({ field: 'applicationId', rule: 'schema.isUuid', value: "1' OR '1'='1" }),
    ]);
  });

  it('validates a query string taken into a class', () => {
    expect(violationsOf(() => pipe.transform({ amount: 'x' }, { type: 'query', metatype: Body }))).toEqual([
      expect.objectContaining({ field: 'amount' }),
    ]);
  });

  it('leaves a single named parameter and plain types to their handler', () => {
    expect(pipe.transform('anything', { type: 'param', metatype: String, data: 'modelName' })).toBe(
      'anything',
    );
    expect(pipe.transform({ amount: 0 }, { type: 'param', metatype: Body, data: 'amount' })).toEqual({
      amount: 0,
    });
    expect(pipe.transform('raw', { type: 'custom', metatype: Body })).toBe('raw');
  });
});
