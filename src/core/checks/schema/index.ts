import type { Checker } from '../checker.js';
import { enumValue } from './enum-value.js';
import { rejectedByIstio } from './rejected-by-istio.js';
import { requiredField } from './required-field.js';
import { unknownField } from './unknown-field.js';
import { wrongType } from './wrong-type.js';

export const schemaCheckers: readonly Checker[] = [unknownField, wrongType, enumValue, requiredField, rejectedByIstio];
