import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { GenerationEntity } from './generation.entity.js';

const OPEN = ['queued', 'running'];

/** TypeORM's write type cannot express `unknown` inside simple-json columns; the values are plain JSON. */
function writable(patch: Partial<GenerationEntity>): QueryDeepPartialEntity<GenerationEntity> {
  return patch as QueryDeepPartialEntity<GenerationEntity>;
}

/**
 * The generation rows and the conditional writes that make jobs safe to run
 * from several processes: a lease decides who drives a job, and finishing is a
 * transition only one writer can win.
 */
@Injectable()
export class GenerationStore {
  constructor(@InjectRepository(GenerationEntity) private readonly repo: Repository<GenerationEntity>) {}

  async insert(row: GenerationEntity): Promise<void> {
    await this.repo.insert(writable(row));
  }

  find(id: string): Promise<GenerationEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Takes (or keeps) the lease of an unfinished job; the row when this owner now drives it. */
  async claim(id: string, owner: string, untilMs: number, nowMs: number): Promise<GenerationEntity | null> {
    const result = await this.repo
      .createQueryBuilder()
      .update(GenerationEntity)
      .set({ leaseOwner: owner, leaseUntilMs: untilMs })
      .where('id = :id', { id })
      .andWhere('status IN (:...open)', { open: OPEN })
      .andWhere('(lease_owner = :owner OR lease_until_ms IS NULL OR lease_until_ms < :now)', { owner, now: nowMs })
      .execute();
    return result.affected === 1 ? this.find(id) : null;
  }

  /** Progress of a job this owner drives; false when the lease was lost meanwhile. */
  async update(id: string, owner: string, patch: Partial<GenerationEntity>): Promise<boolean> {
    const result = await this.repo.update({ id, leaseOwner: owner }, writable({ ...patch, updatedAtMs: Date.now() }));
    return result.affected === 1;
  }

  /** Moves an unfinished job to its final state; true for the one writer that did it. */
  async finish(id: string, patch: Partial<GenerationEntity>): Promise<boolean> {
    const now = Date.now();
    const result = await this.repo
      .createQueryBuilder()
      .update(GenerationEntity)
      .set(writable({ ...patch, completedAtMs: now, updatedAtMs: now, leaseOwner: null, leaseUntilMs: null, nextPollAtMs: null }))
      .where('id = :id', { id })
      .andWhere('status IN (:...open)', { open: OPEN })
      .execute();
    return result.affected === 1;
  }

  /** Unfinished jobs nobody holds a live lease on, soonest first. */
  claimable(nowMs: number, limit: number): Promise<GenerationEntity[]> {
    return this.repo
      .createQueryBuilder('g')
      .where('g.status IN (:...open)', { open: OPEN })
      .andWhere('(g.lease_until_ms IS NULL OR g.lease_until_ms < :now)', { now: nowMs })
      .orderBy('g.next_poll_at_ms', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Hands this owner's jobs back at shutdown so another instance takes them at once. */
  async release(owner: string): Promise<void> {
    await this.repo.update({ leaseOwner: owner }, { leaseOwner: null, leaseUntilMs: null });
  }
}
