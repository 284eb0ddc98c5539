import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** Model names and versions become URL segments and cache folder names: letters, digits, '.', '_' and '-'. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NOT_BLANK = /\S/;

/** Who asks for a stage change and why: both land in the audit trail and on the lifecycle event. */
@JSONSchema({ description: 'Who changes the production model, and why (recorded in the audit trail).' })
export class StageChangeRequest {
  @JSONSchema({ description: 'The analyst (or pipeline) responsible for the change.', example: 'jdoe' })
  @IsString()
  @Length(1, 128)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  actor!: string;

  @JSONSchema({ description: 'Why: ticket, validation report, incident…', example: 'CHG-1234: Q3 retrain' })
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  reason!: string;
}

@JSONSchema({ description: 'Promote a registered version to production (the current one is archived).' })
export class PromoteModelRequest extends StageChangeRequest {}

@JSONSchema({
  description: 'Return production to the version that was in production before the current one.',
})
export class RollbackModelRequest extends StageChangeRequest {}

/**
 * The text fields of a registration upload (multipart/form-data), all optional: when sent they must equal what the
 * bundle itself says (the training pipeline sends modelName, modelVersion and bundleSha256 as a cross-check).
 */
@JSONSchema({ description: 'Optional text fields of a registration upload.' })
export class RegisterModelFields {
  @JSONSchema({ description: "Must equal the manifest's modelName." })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  modelName?: string;

  @JSONSchema({ description: "Must equal the manifest's modelVersion." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  modelVersion?: string;

  @JSONSchema({ description: 'Must equal the bundle digest: sha256 of the bytes of bundle.sha256.' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be 64 lowercase hex digits' })
  bundleSha256?: string;

  @JSONSchema({ description: 'Who registers the bundle (audit trail); "unspecified" when omitted.' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  registeredBy?: string;
}
