import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const MODEL_LIFECYCLE_ACTIONS = ['REGISTERED', 'PROMOTED', 'ROLLED_BACK', 'ARCHIVED'] as const;
export type ModelLifecycleAction = (typeof MODEL_LIFECYCLE_ACTIONS)[number];

export const MODEL_STAGES = ['NONE', 'STAGING', 'PRODUCTION', 'ARCHIVED'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

/** A model was registered, promoted, rolled back or archived. Key: modelName. */
@JSONSchema({ description: 'Model registry lifecycle change. Keyed by modelName.' })
export class ModelLifecycleV1 {
  @IsString()
  @Length(1, 128)
  modelName!: string;

  @IsString()
  @Length(1, 64)
  modelVersion!: string;

  @IsIn(MODEL_LIFECYCLE_ACTIONS)
  action!: ModelLifecycleAction;

  @IsIn(MODEL_STAGES)
  stage!: ModelStage;

  @JSONSchema({ description: 'The version that held the stage before (for promotions and rollbacks).' })
  @IsOptional()
  @IsString()
  previousVersion?: string | null;

  @Matches(/^[0-9a-f]{64}$/)
  bundleSha256!: string;

  @IsString()
  @Length(1, 128)
  actor!: string;

  @IsOptional()
  @IsString()
  reason?: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}
