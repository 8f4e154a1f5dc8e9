import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPlate, normalizePlate, parsePlate, PlateError, type PlateKind, type PlateProblem } from '../../src/core/plate.js';

test('normalisation trims, folds full width, drops separators, upper-cases', () => {
  assert.equal(normalizePlate(' 沪ａ·１２３４５ '), '沪A12345');
  assert.equal(normalizePlate('粤b 98123'), '粤B98123');
  assert.equal(normalizePlate('京Ａ-12345'), '京A12345');
});

const valid: Array<[string, PlateKind]> = [
  ['沪A12345', 'ordinary'],
  ['京N8P8F8', 'ordinary'],
  ['粤B98123', 'ordinary'],
  ['新A0000Z', 'ordinary'],
  ['沪AD12345', 'new-energy-small'],
  ['沪ADA1234', 'new-energy-small'],
  ['粤BK12345', 'new-energy-small'],
  ['苏A12345D', 'new-energy-large'],
  ['浙B12345F', 'new-energy-large'],
  ['沪A1234学', 'ordinary-suffixed'],
  ['沪A1234挂', 'ordinary-suffixed'],
  ['京A1234领', 'ordinary-suffixed'],
  ['沪A1234试', 'ordinary-suffixed'],
  ['沪A1234超', 'ordinary-suffixed'],
  ['沪A1234警', 'ordinary-suffixed'],
  ['粤Z1234港', 'ordinary-suffixed'],
  ['粤Z1234澳', 'ordinary-suffixed'],
  ['使123456', 'embassy'],
  ['123456使', 'embassy'],
  ['WJ沪12345', 'armed-police'],
  ['WJ1234消', 'armed-police'],
  ['QB02110239', 'temporary'],
];

test('valid plates of every kind', () => {
  for (const [plate, kind] of valid) {
    const check = checkPlate(plate);
    assert.ok(check.ok, `${plate} should be valid: ${check.ok ? '' : check.message}`);
    assert.equal(check.kind, kind, plate);
  }
});

const invalid: Array<[string, PlateProblem]> = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['沪AI2345', 'forbidden-letter'],
  ['沪O12345', 'forbidden-letter'],
  ['沪A1234O', 'forbidden-letter'],
  ['港A12345', 'bad-province'],
  ['中A12345', 'bad-province'],
  ['沪A1234', 'bad-length'],
  ['沪A1234567', 'bad-length'],
  ['沪AX12345', 'bad-format'], // X is not a new-energy mark
  ['沪A123450', 'bad-format'],
  ['沪AF1A345', 'bad-format'], // new-energy digits 5–8 must be digits
  ['沪112345', 'bad-format'],
  ['A12345', 'bad-format'],
  ['使12345', 'bad-format'],
  ['沪A1234港', 'bad-format'], // 港 and 澳 only on 粤Z
];

test('invalid plates say what is wrong', () => {
  for (const [plate, problem] of invalid) {
    const check = checkPlate(plate);
    assert.equal(check.ok, false, `${plate} should be invalid`);
    assert.equal(check.ok ? null : check.problem, problem, plate);
  }
});

test('parsePlate throws a PlateError with the problem', () => {
  assert.deepEqual(parsePlate('沪ａ12345'), { plate: '沪A12345', kind: 'ordinary' });
  assert.throws(
    () => parsePlate('沪AI2345'),
    (error: unknown) => error instanceof PlateError && error.problem === 'forbidden-letter',
  );
});
