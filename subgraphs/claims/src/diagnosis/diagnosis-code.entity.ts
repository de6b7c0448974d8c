import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One ICD-10 (WHO) code of the diagnosis catalogue. */
@ObjectType({ description: 'One ICD-10 (WHO) diagnosis code with its official title.' })
@Entity('diagnosis_codes')
export class DiagnosisCode {
  @Field({ description: 'The code with its dot, e.g. B50.9.' })
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Field({ description: 'The official WHO title.' })
  @Column({ type: 'text' })
  description: string;

  @Field({ description: 'ICD-10 chapter in Roman numerals, e.g. I for infectious and parasitic diseases.' })
  @Column({ type: 'text' })
  chapter: string;

  @Field()
  @Column({ type: 'text' })
  chapterTitle: string;

  @Field({ description: 'False for a category that ICD-10 subdivides further: claims must use a subdivision.' })
  @Column({ type: 'boolean' })
  billable: boolean;
}
