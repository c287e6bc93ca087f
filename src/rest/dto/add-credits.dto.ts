import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, NotEquals } from 'class-validator';

export class AddCreditsDto {
  @ApiProperty({ example: 5, description: 'USD to add; negative to deduct (never below zero). Up to six decimals.' })
  @IsNumber({ maxDecimalPlaces: 6, allowNaN: false, allowInfinity: false })
  @NotEquals(0)
  amountUsd!: number;

  @ApiPropertyOptional({ example: 'invoice 2026-031', description: 'Kept on the ledger entry' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  note?: string;
}
