import { Ajv, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });
/** Compiled per schema text: item types change rarely, items are registered often. */
const compiled = new Map<string, ValidateFunction>();

function validatorOf(schemaText: string): ValidateFunction {
  let validate = compiled.get(schemaText);
  if (!validate) {
    validate = ajv.compile(JSON.parse(schemaText) as object);
    compiled.set(schemaText, validate);
  }
  return validate;
}

/** Why `schemaText` is not a usable JSON Schema, or undefined when it is. */
export function schemaProblem(schemaText: string): string | undefined {
  try {
    validatorOf(schemaText);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Why `attributes` break the item type's schema, or undefined when they satisfy it (or there is none). */
export function attributesProblem(schemaText: string | null, attributes: Record<string, string>): string | undefined {
  if (schemaText === null) return undefined;
  const validate = validatorOf(schemaText);
  return validate(attributes) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'attributes' });
}
