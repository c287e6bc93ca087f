import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length } from 'class-validator';

export class AddCreditsDto {
  @ApiProperty({ example: 5, description: 'USD to add; negative to deduct (never below zero). Up to six decimals.' })
  // Precision (whole micro-dollars, not zero) is checked by exactMicroUsd: class-validator's
  // maxDecimalPlaces throws on exponent notation such as 1e-7.
  @IsNumber({ allowNaN: false, allowInfinity: false })
  amountUsd!: number;

  @ApiPropertyOptional({ example: 'invoice 2026-031', description: 'Kept on the ledger entry' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  note?: string;
}
